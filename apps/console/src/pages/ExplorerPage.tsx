import { useState } from 'react'
import { formatUnits } from 'viem'
import type {
  LeaseRow,
  MarketRow,
  Page,
  ProviderRow,
  Series,
  SeriesMetric,
  Stats,
  TokenAmount,
} from '../api/types.js'
import { useApi } from '../api/useApi.js'
import { useSubscription } from '../api/useSubscription.js'
import { LeaseTable } from '../components/LeaseTable.js'
import { type ChartSeries, LineChart } from '../components/LineChart.js'
import { ProviderTable } from '../components/ProviderTable.js'
import { Card, Empty, ErrorBox, Loading, Stat } from '../components/ui.js'
import { formatAmount, formatBps, formatNumber, formatPerHour, type TokenMeta } from '../format.js'
import { useMarketNames } from '../useMarketNames.js'
import { useWallet } from '../wallet/WalletContext.js'

type Bucket = 'hour' | 'day'

function tokenTotals(amounts: TokenAmount[] | undefined, tokens: ReadonlyMap<string, TokenMeta>) {
  if (!amounts || amounts.length === 0) return <span>0</span>
  return (
    <>
      {amounts.map((a) => {
        const meta = tokens.get(a.token.toLowerCase())
        return (
          <div key={a.token}>
            {meta ? formatAmount(a.amount, meta.decimals, 2) : a.amount}
            <span className="stat-unit"> {meta?.symbol ?? 'units'}</span>
          </div>
        )
      })}
    </>
  )
}

/** Groups a series' points into one chart line per key, converting each value with `convert`. */
function toChart(
  series: Series | undefined,
  name: (key: string) => string,
  convert: (value: string, key: string) => number,
): ChartSeries[] {
  if (!series) return []
  const groups = new Map<string, { t: number; v: number }[]>()
  for (const p of series.points) {
    const key = p.key ?? ''
    const list = groups.get(key) ?? []
    list.push({ t: p.t, v: convert(p.value, key) })
    groups.set(key, list)
  }
  return [...groups.entries()].map(([key, points]) => ({ name: name(key), points }))
}

function SeriesCard({
  title,
  metric,
  bucket,
  toSeries,
  format,
  unit,
  step,
  emptyText,
}: {
  title: string
  metric: SeriesMetric
  bucket: Bucket
  toSeries: (series: Series | undefined) => ChartSeries[]
  format: (v: number) => string
  unit?: string
  step?: boolean
  emptyText: string
}) {
  const { data, error, loading, reload } = useApi<Series>(
    `/v1/stats/series?metric=${metric}&bucket=${bucket}`,
    15_000,
  )
  return (
    <Card title={title} className="chart-card">
      {error ? (
        <ErrorBox message={error.message} onRetry={reload} />
      ) : loading && !data ? (
        <Loading what="the series" />
      ) : (
        <LineChart
          series={toSeries(data)}
          format={format}
          {...(unit ? { unit } : {})}
          step={step ?? false}
          emptyText={emptyText}
        />
      )}
    </Card>
  )
}

const compact = (v: number) =>
  v >= 1e6
    ? `${formatNumber(v / 1e6, 1)}M`
    : v >= 1e3
      ? `${formatNumber(v / 1e3, 1)}k`
      : formatNumber(v, v < 10 ? 2 : 0)

/** The network at a glance: totals, charts, markets, hardware, providers and leases. */
export function ExplorerPage() {
  const { tokens, network } = useWallet()
  const [bucket, setBucket] = useState<Bucket>('hour')
  const stats = useApi<Stats>('/v1/stats', 10_000)
  const markets = useApi<{ items: MarketRow[] }>('/v1/markets', 15_000)
  const providers = useApi<Page<ProviderRow>>('/v1/providers?limit=50', 15_000)
  const leases = useApi<Page<LeaseRow>>('/v1/leases?limit=20', 10_000)
  useSubscription('stats', () => stats.reload())
  useSubscription('leases', () => leases.reload())
  const marketName = useMarketNames()
  const marketRows = markets.data
    ? Array.isArray(markets.data)
      ? markets.data
      : markets.data.items
    : undefined
  const s = stats.data
  const utilization = s?.markets
  const hardware = s?.hardware
  const marketToken = (key: string) => {
    const row = marketRows?.find((m) => String(m.id) === key)
    const token = row?.token ?? network?.deployment.markets.find((m) => String(m.id) === key)?.token
    return token ? tokens.get(token.toLowerCase()) : undefined
  }
  const units = (value: string, meta: TokenMeta | undefined) =>
    Number(formatUnits(BigInt(value), meta?.decimals ?? 18))

  if (stats.error && !s) {
    // One clear message when the indexer is down, rather than one per panel.
    return (
      <div className="page">
        <h1>Network explorer</h1>
        <ErrorBox
          title="The indexer API is not answering"
          message={stats.error.message}
          onRetry={stats.reload}
        />
      </div>
    )
  }

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Network explorer</h1>
          <p className="muted">
            Everything the indexer has read from the chain
            {s?.at ? `, up to ${new Date(s.at * 1000).toLocaleString('en-GB')}` : ''}.
          </p>
        </div>
      </div>

      {stats.error ? (
        <ErrorBox
          title="Network stats are unavailable"
          message={stats.error.message}
          onRetry={stats.reload}
        />
      ) : !s ? (
        <Loading what="network stats" />
      ) : (
        <div className="stats-grid" data-testid="stats">
          <Stat
            label="Revenue"
            value={tokenTotals(s.revenue, tokens)}
            hint="accrued by leases, fees included"
          />
          <Stat
            label="Compute"
            value={formatNumber(s.computeHours, 2)}
            unit="h"
            hint={`${formatNumber(s.gpuHours, 2)} GPU hours`}
          />
          <Stat
            label="Jobs"
            value={formatNumber(s.leases)}
            hint={`${s.activeLeases} running · ${s.jobsFinished} finished`}
          />
          <Stat
            label="Providers"
            value={formatNumber(s.providers)}
            hint={`${s.gpus} GPUs · ${s.cpuCores} CPU cores`}
          />
          <Stat
            label="Transactions"
            value={formatNumber(s.transactions)}
            hint={`${s.orders} auction orders · ${s.clusters} clusters`}
          />
          <Stat label="Burned" value={tokenTotals(s.burned, tokens)} hint="protocol fees destroyed" />
          <Stat
            label="Staked"
            value={formatAmount(s.staked, 18, 0)}
            unit={
              network
                ? (tokens.get(network.deployment.contracts.hearthToken.toLowerCase())?.symbol ?? 'HEAT')
                : 'HEAT'
            }
            hint={
              BigInt(s.slashed || '0') > 0n ? `${formatAmount(s.slashed, 18, 2)} slashed` : 'nothing slashed'
            }
          />
        </div>
      )}

      <div className="section-head">
        <h2>Over time</h2>
        <div className="segmented">
          {(['hour', 'day'] as const).map((b) => (
            <button key={b} type="button" className={b === bucket ? 'on' : ''} onClick={() => setBucket(b)}>
              per {b}
            </button>
          ))}
        </div>
      </div>
      <div className="chart-grid">
        <SeriesCard
          title="Utilization by market"
          metric="utilization"
          bucket={bucket}
          toSeries={(d) => toChart(d, marketName, (v) => Number(v) / 100)}
          format={(v) => `${formatNumber(v, 0)}%`}
          emptyText="No market epoch has ended yet"
        />
        <SeriesCard
          title="Reference price per GPU class"
          metric="price"
          bucket={bucket}
          step
          toSeries={(d) => toChart(d, marketName, (v, key) => units(v, marketToken(key)) * 3600)}
          format={compact}
          unit="/h"
          emptyText="No price history yet"
        />
        <SeriesCard
          title="Revenue"
          metric="revenue"
          bucket={bucket}
          toSeries={(d) =>
            toChart(
              d,
              (key) => tokens.get(key.toLowerCase())?.symbol ?? 'revenue',
              (v, key) => units(v, tokens.get(key.toLowerCase())),
            )
          }
          format={compact}
          emptyText="No lease has accrued anything yet"
        />
        <SeriesCard
          title="Burn"
          metric="burn"
          bucket={bucket}
          toSeries={(d) =>
            toChart(
              d,
              (key) => tokens.get(key.toLowerCase())?.symbol ?? 'burned',
              (v, key) => units(v, tokens.get(key.toLowerCase())),
            )
          }
          format={compact}
          emptyText="Nothing burned yet: fees burn when swept"
        />
      </div>

      <div className="two-col">
        <Card title="Markets">
          {utilization && utilization.length > 0 ? (
            <table className="table">
              <thead>
                <tr>
                  <th>Market</th>
                  <th className="num">Price</th>
                  <th className="num">Running</th>
                  <th className="num">Idle slots</th>
                  <th>Utilization</th>
                </tr>
              </thead>
              <tbody>
                {utilization.map((m) => (
                  <tr key={m.market}>
                    <td>
                      {marketName(String(m.market))}
                      {m.paused && <span className="muted"> (paused)</span>}
                    </td>
                    <td className="num">
                      {formatPerHour(m.referencePricePerSecond, tokens.get(m.token.toLowerCase()))}
                    </td>
                    <td className="num">{m.activeLeases}</td>
                    <td className="num">{m.idleSlots}</td>
                    <td>
                      <div className="meter" title={formatBps(m.utilizationBps)}>
                        <div style={{ width: `${m.utilizationBps / 100}%` }} />
                      </div>
                      <span className="meter-label">{formatBps(m.utilizationBps)}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : marketRows && marketRows.length > 0 ? (
            <table className="table">
              <thead>
                <tr>
                  <th>Market</th>
                  <th className="num">Price</th>
                  <th className="num">Running</th>
                  <th className="num">Idle slots</th>
                </tr>
              </thead>
              <tbody>
                {marketRows.map((m) => (
                  <tr key={m.id}>
                    <td>{marketName(String(m.id))}</td>
                    <td className="num">
                      {formatPerHour(m.referencePricePerSecond, tokens.get(m.token.toLowerCase()))}
                    </td>
                    <td className="num">{m.activeLeases}</td>
                    <td className="num">{m.idleSlots}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : markets.error ? (
            <ErrorBox message={markets.error.message} onRetry={markets.reload} />
          ) : (
            <Empty>No markets yet</Empty>
          )}
        </Card>
        <Card title="Hardware supply">
          {hardware && hardware.gpus.length + hardware.cpus.length > 0 ? (
            <table className="table">
              <thead>
                <tr>
                  <th>Hardware</th>
                  <th>Region</th>
                  <th className="num">Units</th>
                  <th className="num">Providers</th>
                </tr>
              </thead>
              <tbody>
                {hardware.gpus.map((g) => (
                  <tr key={`gpu-${g.model}-${g.region}`}>
                    <td>{g.model || 'GPU'}</td>
                    <td>{g.region}</td>
                    <td className="num">{g.gpus} GPU</td>
                    <td className="num">{g.providers}</td>
                  </tr>
                ))}
                {hardware.cpus.map((c) => (
                  <tr key={`cpu-${c.region}`}>
                    <td>CPU</td>
                    <td>{c.region}</td>
                    <td className="num">{c.cpuCores} cores</td>
                    <td className="num">{c.providers}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <Empty>No provider has registered hardware yet</Empty>
          )}
        </Card>
      </div>

      <Card
        title="Providers"
        actions={<span className="muted">{providers.data?.items.length ?? 0} shown</span>}
      >
        {providers.error ? (
          <ErrorBox message={providers.error.message} onRetry={providers.reload} />
        ) : !providers.data ? (
          <Loading what="providers" />
        ) : (
          <ProviderTable providers={providers.data.items} />
        )}
      </Card>

      <Card title="Recent leases">
        {leases.error ? (
          <ErrorBox message={leases.error.message} onRetry={leases.reload} />
        ) : !leases.data ? (
          <Loading what="leases" />
        ) : (
          <LeaseTable leases={leases.data.items} now={s?.at ?? Math.floor(Date.now() / 1000)} />
        )}
      </Card>
    </div>
  )
}
