import { promptPassword } from '@hearth/sdk/node'
import { main } from './main.js'

/**
 * The process side of `hearth`: wires stdout, stderr and SIGINT/SIGTERM to {@link main} and sets the
 * exit code. The first signal asks the command to stop cleanly; a second one exits at once.
 * @param argv The arguments after `hearth`.
 */
export async function runCli(argv: readonly string[]): Promise<void> {
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
      promptPassword: process.stdin.isTTY ? promptPassword : undefined,
    })
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}
