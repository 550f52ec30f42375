import {
  complianceTags,
  type DeployProgress,
  deployJob,
  type JobSpecInput,
  jobSpecSchema,
  type QuoteJobReturnType,
  quoteJob,
  stringifyJobSpec,
} from '@hearth/sdk'
import { useEffect, useMemo, useState } from 'react'
import type { Page, ProviderRow } from '../api/types.js'
import { useApi } from '../api/useApi.js'
import { AddressText, Card, Empty, ErrorBox } from '../components/ui.js'
import { formatAmount, formatDuration, formatReputation } from '../format.js'
import { useWallet } from '../wallet/WalletContext.js'

const terms = [
  { label: '10 minutes', value: '10m', seconds: 600 },
  { label: '1 hour', value: '1h', seconds: 3600 },
  { label: '1 day', value: '1d', seconds: 86_400 },
  { label: '1 week', value: '7d', seconds: 604_800 },
] as const

const connectivities = [
  { value: 'any', label: 'Any', hint: 'members anywhere' },
  { value: 'same-region', label: 'Same region', hint: 'low latency' },
  { value: 'same-datacenter', label: 'Same data center', hint: 'one site' },
  { value: 'infiniband', label: 'InfiniBand', hint: 'RDMA fabric' },
] as const

type Connectivity = (typeof connectivities)[number]['value']

/** The wizard's choices. */
type Choices = {
  name: string
  gpu: string
  gpuCount: number
  regions: string[]
  supplySource: 'any' | 'home' | 'datacenter' | 'miner'
  members: number
  connectivity: Connectivity
  compliance: string[]
  term: string
  tier: 'economy' | 'priority' | 'trusted'
  auction: boolean
  image: string
  command: string
  maxPerHour: string
}

/** The job spec (as the CLI reads it) the choices describe. */
function toSpec(c: Choices): Record<string, unknown> {
  const placement: Record<string, unknown> = {}
  if (c.regions.length > 0) placement.regions = c.regions
  if (c.compliance.length > 0) placement.compliance = c.compliance
  if (c.supplySource !== 'any') placement.supplySource = c.supplySource
  if (c.tier !== 'economy') placement.minTier = c.tier
  const resources: Record<string, unknown> = { cpu: 1, memory: '512Mi' }
  if (c.gpu !== 'cpu') resources.gpu = { count: c.gpuCount, ...(c.gpu === 'any' ? {} : { model: c.gpu }) }
  return {
    version: 1,
    ...(c.name ? { name: c.name } : {}),
    image: c.image,
    ...(c.command.trim() ? { command: ['sh', '-c', c.command] } : {}),
    resources,
    duration: c.term,
    ...(c.maxPerHour.trim() ? { maxPrice: { perHour: c.maxPerHour.trim() } } : {}),
    ...(Object.keys(placement).length > 0 ? { placement } : {}),
    ...(c.members > 1 ? { cluster: { members: c.members, connectivity: c.connectivity } } : {}),
  }
}

function Chip({ on, onClick, children }: { on: boolean; onClick: () => void; children: React.ReactNode }) {
  return (
    <button type="button" className={`chip ${on ? 'on' : ''}`} aria-pressed={on} onClick={onClick}>
      {children}
    </button>
  )
}

function describeProgress(event: DeployProgress): string {
  switch (event.stage) {
    case 'market':
      return `Market chosen: ${event.name}`
    case 'note':
      return event.message
    case 'auction':
      return `Auction order #${event.order} posted; bids until ${new Date(event.biddingEndsAt * 1000).toLocaleTimeString('en-GB')}`
    case 'bid':
      return `Bid from ${event.provider.slice(0, 10)}…`
    case 'matched':
      return `Lease #${event.lease} opened with ${event.provider.slice(0, 10)}…`
    case 'spec-sent':
      return `Spec sent privately to the provider (${event.endpoint})`
    case 'starting':
      return 'Provider is starting the container'
    case 'running':
      return 'Running'
    case 'ended':
      return `Ended: ${event.state}${event.reason ? ` (${event.reason})` : ''}`
  }
}

/** The deploy wizard: cluster options → job spec → live quote → deploy with progress. */
export function DeployPage() {
  const { network, publicClient, connection } = useWallet()
  const providers = useApi<Page<ProviderRow>>('/v1/providers?limit=100', 30_000)
  const [choices, setChoices] = useState<Choices>({
    name: 'my-job',
    gpu: 'any',
    gpuCount: 1,
    regions: [],
    supplySource: 'any',
    members: 1,
    connectivity: 'any',
    compliance: [],
    term: '1h',
    tier: 'economy',
    auction: false,
    image: '',
    command: 'for i in $(seq 1 30); do echo "step $i"; sleep 1; done',
    maxPerHour: '',
  })
  const set = <K extends keyof Choices>(key: K, value: Choices[K]) =>
    setChoices((c) => ({ ...c, [key]: value }))
  const toggle = (key: 'regions' | 'compliance', value: string) =>
    setChoices((c) => ({
      ...c,
      [key]: c[key].includes(value) ? c[key].filter((v) => v !== value) : [...c[key], value],
    }))
  const [format, setFormat] = useState<'yaml' | 'json'>('yaml')
  const [quote, setQuote] = useState<{ result?: QuoteJobReturnType; error?: string; loading: boolean }>({
    loading: false,
  })
  const [progress, setProgress] = useState<string[]>([])
  const [deploying, setDeploying] = useState(false)
  const [deployError, setDeployError] = useState<string>()
  const [lease, setLease] = useState<bigint>()

  const gpuModels = useMemo(() => {
    const models = new Set<string>()
    for (const m of network?.deployment.markets ?? []) if (m.gpuModel) models.add(m.gpuModel)
    for (const p of providers.data?.items ?? []) if (p.gpu.model) models.add(p.gpu.model)
    return [...models].sort()
  }, [network, providers.data])
  const regions = useMemo(
    () => [...new Set((providers.data?.items ?? []).map((p) => p.region).filter(Boolean))].sort(),
    [providers.data],
  )

  // Prefill the image with one the devnet's providers already hold (the demo's), when it says so.
  useEffect(() => {
    if (choices.image || !network) return
    fetch('./devnet.json')
      .then((r) => r.json())
      .then((raw: { demoImage?: string; images?: string[] }) => {
        const image = raw.demoImage ?? raw.images?.[0]
        if (image) setChoices((c) => (c.image ? c : { ...c, image }))
      })
      .catch(() => {})
  }, [network, choices.image])

  const raw = useMemo(() => toSpec(choices), [choices])
  const parsed = useMemo(() => jobSpecSchema.safeParse(raw), [raw])
  const issues = parsed.success
    ? []
    : parsed.error.issues.map((i) => `${i.path.join('.') || 'spec'}: ${i.message}`)
  const text = format === 'yaml' ? stringifyJobSpec(raw as JobSpecInput) : `${JSON.stringify(raw, null, 2)}\n`

  useEffect(() => {
    if (!parsed.success || !publicClient || !network) return
    let stale = false
    setQuote((q) => ({ ...q, loading: true }))
    const timer = setTimeout(() => {
      quoteJob(publicClient, { deployment: network.deployment, spec: parsed.data }).then(
        (result) => !stale && setQuote({ result, loading: false }),
        (error: Error) =>
          !stale && setQuote({ error: error.message.split('\n')[0] ?? String(error), loading: false }),
      )
    }, 350)
    return () => {
      stale = true
      clearTimeout(timer)
    }
  }, [parsed, publicClient, network])

  const deploy = async () => {
    if (!connection || !network || !parsed.success) return
    setDeploying(true)
    setDeployError(undefined)
    setProgress([])
    setLease(undefined)
    try {
      const result = await deployJob(connection.wallet, {
        deployment: network.deployment,
        spec: raw,
        auction: choices.auction,
        onProgress: (event) => {
          setProgress((lines) => [...lines, describeProgress(event)])
          if (event.stage === 'matched') setLease(event.lease)
        },
      })
      setLease(result.lease)
      setProgress((lines) => [...lines, `Accepted by the provider: ${result.state}`])
    } catch (error) {
      setDeployError((error as Error).message.split('\n')[0] ?? String(error))
    } finally {
      setDeploying(false)
    }
  }

  const offers = quote.result?.offers ?? []
  const best = offers[0]
  const termSeconds = terms.find((t) => t.value === choices.term)?.seconds ?? 3600
  const leasesNeeded = Math.max(choices.members, 1)

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Deploy a job</h1>
          <p className="muted">
            Choose the hardware, where it runs and for how long; the spec below is what the CLI takes.
          </p>
        </div>
      </div>
      <div className="deploy-grid">
        <div className="deploy-form">
          <Card title="1 · Hardware">
            <div className="field">
              <span className="field-label">GPU type</span>
              <div className="chips">
                <Chip on={choices.gpu === 'any'} onClick={() => set('gpu', 'any')}>
                  Any GPU
                </Chip>
                {gpuModels.map((m) => (
                  <Chip key={m} on={choices.gpu === m} onClick={() => set('gpu', m)}>
                    {m}
                  </Chip>
                ))}
                <Chip on={choices.gpu === 'cpu'} onClick={() => set('gpu', 'cpu')}>
                  CPU only
                </Chip>
              </div>
            </div>
            {choices.gpu !== 'cpu' && (
              <div className="field">
                <span className="field-label">GPUs per machine</span>
                <div className="chips">
                  {[1, 2, 4, 8].map((n) => (
                    <Chip key={n} on={choices.gpuCount === n} onClick={() => set('gpuCount', n)}>
                      {n}
                    </Chip>
                  ))}
                </div>
              </div>
            )}
          </Card>

          <Card title="2 · Location">
            <div className="field">
              <span className="field-label">
                Regions {choices.regions.length === 0 && <span className="muted">(anywhere)</span>}
              </span>
              <div className="chips">
                {regions.length === 0 && <span className="muted">No provider regions known yet</span>}
                {regions.map((r) => (
                  <Chip key={r} on={choices.regions.includes(r)} onClick={() => toggle('regions', r)}>
                    {r}
                  </Chip>
                ))}
              </div>
            </div>
            <div className="field">
              <span className="field-label">Supply</span>
              <div className="chips">
                {(['any', 'datacenter', 'home', 'miner'] as const).map((s) => (
                  <Chip key={s} on={choices.supplySource === s} onClick={() => set('supplySource', s)}>
                    {s === 'datacenter' ? 'data center' : s}
                  </Chip>
                ))}
              </div>
            </div>
          </Card>

          <Card title="3 · Cluster and connectivity">
            <div className="field">
              <span className="field-label">Machines</span>
              <div className="chips">
                {[1, 2, 4, 8].map((n) => (
                  <Chip key={n} on={choices.members === n} onClick={() => set('members', n)}>
                    {n === 1 ? 'Single machine' : `${n}-machine cluster`}
                  </Chip>
                ))}
              </div>
            </div>
            {choices.members > 1 && (
              <div className="field">
                <span className="field-label">Connectivity</span>
                <div className="chips">
                  {connectivities.map((c) => (
                    <Chip
                      key={c.value}
                      on={choices.connectivity === c.value}
                      onClick={() => set('connectivity', c.value)}
                    >
                      {c.label} <span className="muted">· {c.hint}</span>
                    </Chip>
                  ))}
                </div>
              </div>
            )}
          </Card>

          <Card title="4 · Compliance and trust">
            <div className="field">
              <span className="field-label">Certifications the provider must hold</span>
              <div className="chips">
                {Object.keys(complianceTags).map((tag) => (
                  <Chip
                    key={tag}
                    on={choices.compliance.includes(tag)}
                    onClick={() => toggle('compliance', tag)}
                  >
                    {tag.toUpperCase()}
                  </Chip>
                ))}
              </div>
            </div>
            <div className="field">
              <span className="field-label">Tier</span>
              <div className="chips">
                {(['economy', 'priority', 'trusted'] as const).map((t) => (
                  <Chip key={t} on={choices.tier === t} onClick={() => set('tier', t)}>
                    {t}
                  </Chip>
                ))}
              </div>
            </div>
          </Card>

          <Card title="5 · Term and price">
            <div className="field">
              <span className="field-label">Duration (paid up front; unused time is refunded)</span>
              <div className="chips">
                {terms.map((t) => (
                  <Chip key={t.value} on={choices.term === t.value} onClick={() => set('term', t.value)}>
                    {t.label}
                  </Chip>
                ))}
              </div>
            </div>
            <div className="field-row">
              <label className="field">
                <span className="field-label">Max price per hour (optional)</span>
                <input
                  value={choices.maxPerHour}
                  placeholder="e.g. 2.5"
                  onChange={(e) => set('maxPerHour', e.target.value)}
                />
              </label>
              <label className="field checkbox">
                <input
                  type="checkbox"
                  checked={choices.auction}
                  onChange={(e) => set('auction', e.target.checked)}
                />
                <span>Reverse auction: let providers bid below the market price</span>
              </label>
            </div>
          </Card>

          <Card title="6 · Workload">
            <div className="field-row">
              <label className="field">
                <span className="field-label">Name</span>
                <input value={choices.name} onChange={(e) => set('name', e.target.value)} />
              </label>
              <label className="field grow">
                <span className="field-label">Container image</span>
                <input
                  name="image"
                  value={choices.image}
                  placeholder="ghcr.io/org/app:1.0"
                  onChange={(e) => set('image', e.target.value)}
                />
              </label>
            </div>
            <label className="field">
              <span className="field-label">Command (run with sh -c)</span>
              <textarea
                name="command"
                rows={3}
                value={choices.command}
                onChange={(e) => set('command', e.target.value)}
              />
            </label>
          </Card>
        </div>

        <div className="deploy-side">
          <Card
            title="Job spec"
            actions={
              <div className="segmented">
                {(['yaml', 'json'] as const).map((f) => (
                  <button
                    key={f}
                    type="button"
                    className={f === format ? 'on' : ''}
                    onClick={() => setFormat(f)}
                  >
                    {f.toUpperCase()}
                  </button>
                ))}
              </div>
            }
          >
            <pre className="code" data-testid="spec">
              {text}
            </pre>
            {issues.length > 0 ? (
              <ul className="issues">
                {issues.map((i) => (
                  <li key={i}>{i}</li>
                ))}
              </ul>
            ) : (
              <div className="ok-text">✓ Valid spec</div>
            )}
          </Card>

          <Card title="Live quote" actions={quote.loading ? <span className="muted">updating…</span> : null}>
            {!network ? (
              <Empty>No network: the quote reads the chain.</Empty>
            ) : quote.error ? (
              <ErrorBox message={quote.error} />
            ) : !quote.result ? (
              <Empty>{issues.length > 0 ? 'Fix the spec to get a quote' : 'Reading the markets…'}</Empty>
            ) : (
              <div data-testid="quote">
                {best ? (
                  <div className="quote-best">
                    <div className="quote-price">
                      {formatAmount(best.pricePerHour, best.token.decimals, 4)}{' '}
                      <span>{best.token.symbol}/h</span>
                    </div>
                    <div className="muted">
                      {leasesNeeded > 1 ? `${leasesNeeded} leases · ` : ''}
                      {formatAmount(
                        best.pricePerSecond * BigInt(termSeconds) * BigInt(leasesNeeded),
                        best.token.decimals,
                        2,
                      )}{' '}
                      {best.token.symbol} for {formatDuration(termSeconds)} on {best.market.name}
                    </div>
                  </div>
                ) : (
                  <div className="quote-none">Nobody can run this spec right now.</div>
                )}
                {quote.result.reasons.length > 0 && (
                  <ul className="reasons">
                    {quote.result.reasons.map((r) => (
                      <li key={r.requirement + r.message}>
                        <b>{r.requirement}</b> {r.message}
                      </li>
                    ))}
                  </ul>
                )}
                {quote.result.notes.map((n) => (
                  <p key={n} className="muted small">
                    {n}
                  </p>
                ))}
                {offers.length > 0 && (
                  <table className="table compact">
                    <thead>
                      <tr>
                        <th>Provider</th>
                        <th>Region</th>
                        <th className="num">Rep.</th>
                        <th className="num">Price</th>
                      </tr>
                    </thead>
                    <tbody>
                      {offers.slice(0, 6).map((o) => (
                        <tr key={`${o.provider}-${o.market.id}`}>
                          <td>
                            <AddressText address={o.provider} href={`#/providers/${o.provider}`} />
                          </td>
                          <td>{o.region}</td>
                          <td className="num">{formatReputation(o.reputation)}</td>
                          <td className="num">
                            {formatAmount(o.pricePerHour, o.token.decimals, 3)} {o.token.symbol}/h
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
                <p className="muted small">
                  {quote.result.providerCount} providers checked · {quote.result.candidates.length} more could
                  bid in an auction
                </p>
              </div>
            )}
          </Card>

          <Card title="Deploy">
            {!connection ? (
              <Empty>Connect a wallet (top right) to deploy.</Empty>
            ) : (
              <>
                <button
                  type="button"
                  className="button primary wide"
                  disabled={deploying || !parsed.success || (!best && !choices.auction)}
                  onClick={deploy}
                >
                  {deploying ? 'Deploying…' : `Deploy as ${connection.label}`}
                </button>
                {progress.length > 0 && (
                  <ol className="progress" data-testid="progress">
                    {progress.map((line, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: lines only append
                      <li key={i}>{line}</li>
                    ))}
                  </ol>
                )}
                {deployError && <ErrorBox title="Deploy failed" message={deployError} />}
                {lease !== undefined && !deploying && (
                  <a className="button wide" href={`#/leases/${lease}`} data-testid="open-lease">
                    Open lease #{String(lease)} →
                  </a>
                )}
              </>
            )}
          </Card>
        </div>
      </div>
    </div>
  )
}
