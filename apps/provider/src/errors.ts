import { BaseError } from '@hearth/sdk'

/** The config file is missing or wrong. */
export class ConfigError extends BaseError {
  override name = 'ConfigError'
  constructor(message: string, problems: readonly string[] = []) {
    super(message, { metaMessages: [...problems] })
  }
}

/** The agent cannot do what was asked in its current state (not registered, no key, …). */
export class AgentStateError extends BaseError {
  override name = 'AgentStateError'
  constructor(message: string, hints: readonly string[] = []) {
    super(message, { metaMessages: [...hints] })
  }
}
