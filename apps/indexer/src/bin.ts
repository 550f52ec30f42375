import { main } from './cli/main.js'

/**
 * The process side of `hearth-indexer`: wires stdout, stderr and SIGINT/SIGTERM to the command. The
 * first signal stops after the batch in flight (it is one transaction either way); a second exits.
 */
export async function runIndexerCli(argv: readonly string[]): Promise<void> {
  const controller = new AbortController()
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(signal === 'SIGINT' ? 130 : 143)
    controller.abort()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  try {
    process.exitCode = await main(argv, {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      cwd: process.cwd(),
      signal: controller.signal,
      env: process.env,
    })
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}
