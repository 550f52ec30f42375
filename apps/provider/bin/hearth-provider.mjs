#!/usr/bin/env node
// The `hearth-provider` command (also `hearth provider …`). TypeScript run through tsx, loaded in this
// same process so that signals (SIGTERM, SIGINT) reach the agent directly.
import { tsImport } from 'tsx/esm/api'

const { runProviderCli } = await tsImport('../src/bin.ts', import.meta.url)
await runProviderCli(process.argv.slice(2))
