import type { JobSpecInput } from '../spec/jobSpecSchema.js'

/** Something in the imported file that the Hearth spec does not carry, or carries differently. */
export type ImportWarning = {
  /** Where in the imported file, e.g. `services.db` or `ops[1].args.resources[0]`. */
  path: string
  /** What was not carried over and what to do instead, in words. */
  message: string
}

/** What {@link importAkashSdl} and {@link importNosanaJob} return. */
export type ImportReturnType = {
  /** The Hearth job spec as it would be written (version 1, sizes as strings), valid by `jobSpecSchema`. */
  spec: JobSpecInput
  /** Everything that could not be carried over, in document order. */
  warnings: ImportWarning[]
  /**
   * Which service (Akash) or `container/run` op (Nosana) was converted, and all of them in order:
   * a spec runs one container, so a file with several converts one (the first, unless asked).
   */
  converted: { kind: 'service' | 'op'; name: string; choices: string[] }
}
