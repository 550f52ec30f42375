/** One log method: a context object first, then the message (pino's argument order). */
export type LogFn = (context: Record<string, unknown>, message: string) => void

/**
 * The logger the runtime writes to. A pino logger fits as is; tests pass their own. The runtime
 * never creates a global logger: every function that logs takes one in its options.
 */
export interface Logger {
  debug: LogFn
  info: LogFn
  warn: LogFn
  error: LogFn
}

/** Returns a logger that drops everything (the default when none is passed). */
export function createSilentLogger(): Logger {
  const drop: LogFn = () => {}
  return { debug: drop, info: drop, warn: drop, error: drop }
}
