import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client'

/** The agent's Prometheus metrics, on a registry of its own (served at `GET /metrics`). */
export type AgentMetrics = ReturnType<typeof createAgentMetrics>

/**
 * Creates the agent's metrics: leases opened, ended (by outcome) and active, container starts,
 * errors (by where), earnings withdrawn (by token, whole units), the last block handled, and the
 * Node process metrics.
 */
export function createAgentMetrics(options: { processMetrics?: boolean } = {}) {
  const registry = new Registry()
  if (options.processMetrics ?? true)
    collectDefaultMetrics({
      register: registry,
      prefix: 'hearth_provider_',
      eventLoopMonitoringPrecision: 200,
    })
  return {
    registry,
    leasesOpened: new Counter({
      name: 'hearth_provider_leases_opened_total',
      help: 'Leases opened to this provider.',
      registers: [registry],
    }),
    leasesEnded: new Counter({
      name: 'hearth_provider_leases_ended_total',
      help: 'Leases that ended, by outcome (finished, failed, closed).',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    leasesActive: new Gauge({
      name: 'hearth_provider_leases_active',
      help: 'Leases the agent runs now (waiting for a spec, starting or running).',
      registers: [registry],
    }),
    containerStarts: new Counter({
      name: 'hearth_provider_container_starts_total',
      help: 'Job containers started, restarts after a crash included.',
      registers: [registry],
    }),
    errors: new Counter({
      name: 'hearth_provider_errors_total',
      help: 'Errors the agent caught and lived through, by where they happened.',
      labelNames: ['where'] as const,
      registers: [registry],
    }),
    withdrawn: new Counter({
      name: 'hearth_provider_earnings_withdrawn_total',
      help: 'Earnings withdrawn to the provider, by token, in whole token units.',
      labelNames: ['token'] as const,
      registers: [registry],
    }),
    block: new Gauge({
      name: 'hearth_provider_chain_block',
      help: 'The last block whose events the agent handled.',
      registers: [registry],
    }),
  }
}
