// The provider agent's command line. Commands land here as they are built.
export async function runProviderCli(argv: readonly string[]): Promise<void> {
  process.stderr.write(`hearth-provider: unknown command ${JSON.stringify(argv[0] ?? '')} (in progress)\n`)
  process.exitCode = 2
}
