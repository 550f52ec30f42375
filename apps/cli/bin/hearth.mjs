#!/usr/bin/env node
// The `hearth` command. The CLI is TypeScript run through tsx, loaded in this same process so that
// signals reach it directly.
import { tsImport } from 'tsx/esm/api'

const { runCli } = await tsImport('../src/bin.ts', import.meta.url)
await runCli(process.argv.slice(2))
