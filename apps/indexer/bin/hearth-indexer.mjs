#!/usr/bin/env node
// The `hearth-indexer` command (also `hearth indexer …`): TypeScript run through tsx, loaded in this
// same process so that signals reach it directly.
import { tsImport } from 'tsx/esm/api'

const { runIndexerCli } = await tsImport('../src/bin.ts', import.meta.url)
await runIndexerCli(process.argv.slice(2))
