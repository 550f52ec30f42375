import { complianceTagNames, getWithdrawable, withdrawMany } from '@hearth/sdk'
import { useEffect, useState } from 'react'
import { formatUnits, isAddressEqual } from 'viem'
import type { LeaseRow, Page, ProviderDetail } from '../api/types.js'
import { useApi } from '../api/useApi.js'
import { LeaseTable } from '../components/LeaseTable.js'
import { type ChartSeries, LineChart } from '../components/LineChart.js'
import { Badge, Card, Empty, ErrorBox, Loading, Stat } from '../components/ui.js'
import {
  formatAmount,
  formatNumber,
  formatReputation,
  formatSize,
  formatTime,
  formatToken,
  type TokenMeta,
} from '../format.js'
import { gpuVendorLabel, supplySourceLabel } from '../labels.js'
import { useWallet } from '../wallet/WalletContext.js'

/** Cumulative earnings (price × time run, gross of fees) per token, sampled across the leases' span. */
function earningsSeries(
  leases: LeaseRow[],
  now: number,
  tokenOf: (market: number) => TokenMeta | undefined,
): ChartSeries[] {
  if (leases.length === 0) return []
  const start = Math.min(...leases.map((l) => l.openedAt))
  const stop = Math.max(now, start + 60)
  const samples = 48
  const byToken = new Map<string, { meta: TokenMeta | undefined; leases: LeaseRow[] }>()
  for (const l of leases) {
    const meta = tokenOf(l.market)
    const key = meta?.symbol ?? 'units'
    const entry = byToken.get(key) ?? { meta, leases: [] }
    entry.leases.push(l)
    byToken.set(key, entry)
  }
  return [...byToken.entries()].map(([symbol, { meta, leases: list }]) => ({
    name: `earned (${symbol})`,
    points: Array.from({ length: samples + 1 }, (_, i) => {
      const t = Math.round(start + ((stop - start) * i) / samples)
      let total = 0n
      for (const l of list) {
        const end = Math.min(t, l.endedAt ?? l.fundedUntil, l.fundedUntil)
        if (end > l.openedAt) total += BigInt(l.pricePerSecond) * BigInt(end - l.openedAt)
      }
      return { t, v: Number(formatUnits(total, meta?.decimals ?? 18)) }
    }),
  }))
}

/** A provider: hardware, stake, reputation, earnings over time, its leases, and withdraw. */
export function ProviderPage({ address }: { address: string }) {
  const { network, connection, publicClient, tokens } = useWallet()
  const provider = useApi<ProviderDetail>(`/v1/providers/${encodeURIComponent(address)}`, 10_000)
  const leases = useApi<Page<LeaseRow>>(
    `/v1/leases?provider=${encodeURIComponent(address)}&limit=100`,
    10_000,
  )
  const [withdrawable, setWithdrawable] = useState<{ total: bigint; ids: bigint[] }>()
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string }>()
  const rows = leases.data?.items ?? provider.data?.recentLeases ?? []
  const tokenOf = (market: number) => {
    const token = network?.deployment.markets.find((m) => m.id === market)?.token
    return token ? tokens.get(token.toLowerCase()) : undefined
  }
  const isOwner = Boolean(
    connection &&
      /^0x[0-9a-fA-F]{40}$/.test(address) &&
      isAddressEqual(connection.address, address as `0x${string}`),
  )
  const stable = network?.deployment.markets[0]?.token
  const stableMeta = stable ? tokens.get(stable.toLowerCase()) : undefined

  const leaseKey = rows.map((l) => `${l.id}:${l.state}:${l.withdrawn}`).join(',')
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-read when the leases change
  useEffect(() => {
    if (!publicClient || !network || rows.length === 0) return
    let stop = false
    Promise.all(
      rows.map(async (l) => ({
        id: BigInt(l.id),
        amount: await getWithdrawable(publicClient, {
          deployment: network.deployment,
          leaseId: BigInt(l.id),
        }).catch(() => 0n),
      })),
    ).then((list) => {
      if (stop) return
      const due = list.filter((x) => x.amount > 0n)
      setWithdrawable({ total: due.reduce((s, x) => s + x.amount, 0n), ids: due.map((x) => x.id) })
    })
    return () => {
      stop = true
    }
  }, [publicClient, network, leaseKey])

  if (provider.error?.status === 404 && isOwner) {
    return (
      <div className="page">
        <h1>Provider</h1>
        <Empty>
          This account ({address}) is not a provider. To rent out a machine, run{' '}
          <code>hearth provider init</code>, then <code>hearth provider register</code> and{' '}
          <code>hearth provider start</code> on it (see the README's "Run a provider").
        </Empty>
      </div>
    )
  }
  if (provider.error) {
    return (
      <div className="page">
        <h1>Provider</h1>
        <ErrorBox
          title={provider.error.status === 404 ? 'No such provider' : 'Provider unavailable'}
          message={provider.error.message}
          onRetry={provider.reload}
        />
      </div>
    )
  }
  const p = provider.data
  if (!p) return <Loading what="the provider" />
  const now = Math.floor(Date.now() / 1000)
  const earned = rows.reduce((sum, l) => {
    const end = Math.min(l.endedAt ?? now, l.fundedUntil)
    return sum + BigInt(l.pricePerSecond) * BigInt(Math.max(0, end - l.openedAt))
  }, 0n)
  const withdrawn = rows.reduce((sum, l) => sum + BigInt(l.withdrawn), 0n)
  const tags = complianceTagNames(BigInt(p.complianceTags || '0'))

  const doWithdraw = async () => {
    if (!connection || !network || !withdrawable || withdrawable.ids.length === 0) return
    setBusy(true)
    setMessage(undefined)
    try {
      const result = await withdrawMany(connection.wallet, {
        deployment: network.deployment,
        leaseIds: withdrawable.ids,
      })
      setMessage({
        tone: 'ok',
        text: `Withdrew ${formatToken(result.total, stableMeta)} from ${result.withdrawals.length} lease(s).`,
      })
      leases.reload()
    } catch (error) {
      setMessage({
        tone: 'error',
        text: ((error as Error).message ?? String(error)).split('\n')[0] ?? String(error),
      })
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>
            Provider{' '}
            <span className="mono">
              {p.address.slice(0, 10)}…{p.address.slice(-6)}
            </span>{' '}
            {p.status === 'registered' ? (
              <Badge tone="green">online</Badge>
            ) : (
              <Badge tone="grey">{p.status}</Badge>
            )}
            {isOwner && <Badge tone="blue">you</Badge>}
          </h1>
          <p className="muted">
            {p.region} · {supplySourceLabel(p.supplySource)} · registered {formatTime(p.registeredAt)} · API{' '}
            {p.endpoint || '—'}
          </p>
        </div>
      </div>

      <div className="stats-grid">
        <Stat
          label="Reputation"
          value={formatReputation(p.reputation)}
          hint={`${p.jobsSucceeded} jobs done · ${p.jobsFailed} failed`}
        />
        <Stat
          label="Stake"
          value={formatAmount(p.stake, 18, 0)}
          unit="HEAT"
          hint={
            BigInt(p.unbonding || '0') > 0n
              ? `${formatAmount(p.unbonding, 18, 0)} unbonding`
              : BigInt(p.slashed || '0') > 0n
                ? `${formatAmount(p.slashed, 18, 2)} slashed`
                : 'never slashed'
          }
        />
        <Stat
          label="Earned"
          value={formatToken(earned, stableMeta, 2)}
          hint="price × time run, before fees"
        />
        <Stat label="Paid out" value={formatToken(withdrawn, stableMeta, 2)} hint="withdrawn, net of fees" />
        <Stat
          label="Leases"
          value={formatNumber(rows.length)}
          hint={`${rows.filter((l) => l.state === 'active').length} running`}
        />
      </div>

      <div className="two-col">
        <Card title="Earnings over time">
          <LineChart
            series={earningsSeries(rows, now, tokenOf)}
            format={(v) => formatNumber(v, v < 10 ? 3 : 1)}
            emptyText="No lease yet: nothing earned"
          />
        </Card>
        <Card title="Hardware">
          <dl className="facts">
            <dt>GPU</dt>
            <dd>
              {p.gpu.count > 0
                ? `${p.gpu.count} × ${p.gpu.model || gpuVendorLabel(p.gpu.vendor)} (${formatSize(p.gpu.vramMiB * 2 ** 20)} each)`
                : 'none (CPU only)'}
            </dd>
            <dt>CPU</dt>
            <dd>{p.cpuCores} cores</dd>
            <dt>Memory</dt>
            <dd>{formatSize(p.ramMiB * 2 ** 20)}</dd>
            <dt>Disk</dt>
            <dd>{formatNumber(p.diskGiB)} GiB</dd>
            <dt>Bandwidth</dt>
            <dd>{formatNumber(p.bandwidthMbps)} Mbit/s</dd>
            <dt>Benchmark</dt>
            <dd>{p.benchmarkGflops ? `${formatNumber(p.benchmarkGflops)} GFLOPS` : '—'}</dd>
            <dt>Compliance</dt>
            <dd>{tags.length > 0 ? tags.map((t) => t.toUpperCase()).join(', ') : 'none declared'}</dd>
          </dl>
        </Card>
      </div>

      <Card
        title="Withdraw"
        actions={
          withdrawable ? (
            <span className="muted">{withdrawable.ids.length} lease(s) with something due</span>
          ) : null
        }
      >
        <div className="withdraw">
          <div className="quote-price">
            {withdrawable ? formatToken(withdrawable.total, stableMeta, 4) : '…'}{' '}
            <span>withdrawable now</span>
          </div>
          {isOwner ? (
            <button
              type="button"
              className="button primary"
              disabled={busy || !withdrawable || withdrawable.ids.length === 0}
              onClick={doWithdraw}
            >
              {busy ? 'Withdrawing…' : 'Withdraw all'}
            </button>
          ) : (
            <span className="muted">Connect this provider's wallet to withdraw.</span>
          )}
        </div>
        {message && <div className={message.tone === 'ok' ? 'ok-box' : 'error-box'}>{message.text}</div>}
      </Card>

      <Card title="Leases">
        {leases.error ? (
          <ErrorBox message={leases.error.message} onRetry={leases.reload} />
        ) : (
          <LeaseTable leases={rows} now={now} hide="provider" />
        )}
      </Card>
      {rows.length === 0 && !leases.data && <Empty>Loading leases…</Empty>}
    </div>
  )
}
