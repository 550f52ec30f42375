#!/usr/bin/env node
// The `hearth-provider` command (also `hearth provider …`). Loaded in this same process so that
// signals (SIGTERM, SIGINT) reach the agent directly; from a bundle built on first use (bundle.mjs).
import { loadProviderCli } from './bundle.mjs'

const { runProviderCli } = await loadProviderCli()
await runProviderCli(process.argv.slice(2))
