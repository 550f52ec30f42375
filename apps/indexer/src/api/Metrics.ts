const latencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] as const

type Histogram = { counts: number[]; sum: number; count: number }

/** Request counts and latencies by route, rendered in the Prometheus text format. */
export class Metrics {
  readonly #requests = new Map<string, number>()
  readonly #latency = new Map<string, Histogram>()

  /** Records one request. */
  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `method="${method}",route="${escapeLabel(route)}",status="${status}"`
    this.#requests.set(key, (this.#requests.get(key) ?? 0) + 1)
    const label = `route="${escapeLabel(route)}"`
    let histogram = this.#latency.get(label)
    if (!histogram) {
      histogram = { counts: latencyBuckets.map(() => 0), sum: 0, count: 0 }
      this.#latency.set(label, histogram)
    }
    for (let i = 0; i < latencyBuckets.length; i++) {
      if (seconds <= (latencyBuckets[i] ?? 0)) histogram.counts[i] = (histogram.counts[i] ?? 0) + 1
    }
    histogram.sum += seconds
    histogram.count += 1
  }

  /**
   * The exposition text.
   * @param gauges Extra gauges (name → value and help), e.g. the indexer's cursor and lag.
   */
  render(gauges: Record<string, { help: string; value: number | undefined }>): string {
    const lines: string[] = [
      '# HELP hearth_api_requests_total HTTP requests answered, by method, route and status.',
      '# TYPE hearth_api_requests_total counter',
    ]
    for (const [labels, n] of this.#requests) lines.push(`hearth_api_requests_total{${labels}} ${n}`)
    lines.push(
      '# HELP hearth_api_request_duration_seconds Time to answer an HTTP request, by route.',
      '# TYPE hearth_api_request_duration_seconds histogram',
    )
    for (const [label, h] of this.#latency) {
      latencyBuckets.forEach((le, i) => {
        lines.push(`hearth_api_request_duration_seconds_bucket{${label},le="${le}"} ${h.counts[i]}`)
      })
      lines.push(`hearth_api_request_duration_seconds_bucket{${label},le="+Inf"} ${h.count}`)
      lines.push(`hearth_api_request_duration_seconds_sum{${label}} ${h.sum}`)
      lines.push(`hearth_api_request_duration_seconds_count{${label}} ${h.count}`)
    }
    for (const [name, gauge] of Object.entries(gauges)) {
      if (gauge.value === undefined) continue
      lines.push(`# HELP ${name} ${gauge.help}`, `# TYPE ${name} gauge`, `${name} ${gauge.value}`)
    }
    return `${lines.join('\n')}\n`
  }
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')
}
