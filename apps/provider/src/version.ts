/** The agent's version, reported by `/v1/health` and `hearth-provider --version`. */
export const agentVersion = '0.1.0'
