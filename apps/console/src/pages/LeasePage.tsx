import {
  closeLease,
  createProviderClient,
  type LogRecord,
  type ProviderClient,
  type ProviderLeaseStatus,
  type ResultManifest,
  topUp,
} from '@hearth/sdk'
import { useEffect, useMemo, useRef, useState } from 'react'
import { isAddressEqual, parseUnits } from 'viem'
import type { LeaseDetail } from '../api/types.js'
import { useApi } from '../api/useApi.js'
import { useSubscription } from '../api/useSubscription.js'
import { AddressText, Card, Empty, ErrorBox, LeaseStateBadge, Loading, Stat } from '../components/ui.js'
import { formatDuration, formatPerHour, formatSize, formatTime, formatToken } from '../format.js'
import { closeReasonLabel, tierLabel } from '../labels.js'
import { useMarketNames } from '../useMarketNames.js'
import { useWallet } from '../wallet/WalletContext.js'

const firstLine = (error: unknown) =>
  ((error as Error).message ?? String(error)).split('\n')[0] ?? String(error)

/** The job's live log through the provider API's WebSocket (the SDK resumes after a drop). */
function LiveLogs({ client, lease }: { client: ProviderClient; lease: bigint }) {
  const [records, setRecords] = useState<LogRecord[]>([])
  const [end, setEnd] = useState<string>()
  const [problem, setProblem] = useState<string>()
  const box = useRef<HTMLPreElement>(null)
  useEffect(() => {
    const controller = new AbortController()
    setRecords([])
    setEnd(undefined)
    client
      .followLogs(lease, {
        signal: controller.signal,
        onRecord: (record) => setRecords((list) => [...list.slice(-1999), record]),
      })
      .then(
        (result) =>
          !controller.signal.aborted &&
          setEnd(
            result.state
              ? `Log ended: ${result.state}${result.reason ? ` (${result.reason})` : ''}`
              : 'Log ended',
          ),
        (error) => !controller.signal.aborted && setProblem(firstLine(error)),
      )
    return () => controller.abort()
  }, [client, lease])
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when lines arrive
  useEffect(() => {
    const el = box.current
    if (el) el.scrollTop = el.scrollHeight
  }, [records.length])
  return (
    <>
      {problem && <ErrorBox title="Logs unavailable" message={problem} />}
      {records.length === 0 && !problem ? (
        <Empty>{end ?? 'Waiting for the first line…'}</Empty>
      ) : (
        <pre className="logs" ref={box} data-testid="logs">
          {records.map((r) => (
            <div key={r.offset} className={`log-${r.stream}`}>
              <span className="log-ts">{r.ts.slice(11, 19)}</span> <span className="log-line">{r.line}</span>
            </div>
          ))}
        </pre>
      )}
      {end && records.length > 0 && <div className="muted small">{end}</div>}
    </>
  )
}

/** The results manifest with hashes and a download per file. */
function Results({ client, lease }: { client: ProviderClient; lease: bigint }) {
  const [manifest, setManifest] = useState<ResultManifest>()
  const [problem, setProblem] = useState<string>()
  useEffect(() => {
    client.getResults(lease).then(setManifest, (error) => setProblem(firstLine(error)))
  }, [client, lease])
  const download = async (path: string) => {
    try {
      const stream = await client.openResultFile(lease, path)
      const blob = await new Response(stream).blob()
      const url = URL.createObjectURL(blob)
      const a = document.createElement('a')
      a.href = url
      a.download = path.split('/').pop() ?? 'result'
      a.click()
      setTimeout(() => URL.revokeObjectURL(url), 10_000)
    } catch (error) {
      setProblem(firstLine(error))
    }
  }
  if (problem) return <ErrorBox title="Results unavailable" message={problem} />
  if (!manifest) return <Loading what="the results" />
  if (manifest.files.length === 0) return <Empty>The job wrote no files to its output folder</Empty>
  return (
    <>
      <p className="muted small">
        Root <span className="mono">{manifest.root}</span> — matches the result hash on chain.
      </p>
      <table className="table compact" data-testid="results">
        <thead>
          <tr>
            <th>File</th>
            <th className="num">Size</th>
            <th>SHA-256</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {manifest.files.map((f) => (
            <tr key={f.path}>
              <td className="mono">{f.path}</td>
              <td className="num">{formatSize(f.size)}</td>
              <td className="mono small" title={f.sha256}>
                {f.sha256.slice(0, 16)}…
              </td>
              <td>
                {f.kind === 'file' && (
                  <button type="button" className="button small" onClick={() => download(f.path)}>
                    Download
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}

/** One lease: what the chain says, the job at the provider, logs, results, top-up and close. */
export function LeasePage({ id }: { id: string }) {
  const { network, connection, publicClient, tokens } = useWallet()
  const marketName = useMarketNames()
  const lease = useApi<LeaseDetail>(`/v1/leases/${encodeURIComponent(id)}`, 5000)
  useSubscription(`lease:${id}`, () => lease.reload())
  const [status, setStatus] = useState<ProviderLeaseStatus>()
  const [statusProblem, setStatusProblem] = useState<string>()
  const [amount, setAmount] = useState('1')
  const [busy, setBusy] = useState<string>()
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string }>()
  const l = lease.data
  const leaseId = l ? BigInt(l.id) : undefined
  const tokenAddress = l ? network?.deployment.markets.find((m) => m.id === l.market)?.token : undefined
  const token = tokenAddress ? tokens.get(tokenAddress.toLowerCase()) : undefined
  const isConsumer = Boolean(
    l && connection && isAddressEqual(connection.address, l.consumer as `0x${string}`),
  )

  // One client per provider and wallet: the lease's row is fetched again on every chain event, and a
  // new client each time would restart the live log from scratch.
  const provider = l?.provider as `0x${string}` | undefined
  const client = useMemo(() => {
    if (!provider || !connection || !network || !isConsumer) return undefined
    return createProviderClient({
      wallet: connection.wallet,
      deployment: network.deployment,
      provider,
      ...(publicClient ? { publicClient } : {}),
    })
  }, [provider, connection, network, isConsumer, publicClient])

  useEffect(() => {
    if (!client || leaseId === undefined) return
    let stop = false
    const read = () =>
      client.getLeaseStatus(leaseId).then(
        (s) => {
          if (stop) return
          setStatus(s)
          setStatusProblem(undefined)
        },
        (error) => !stop && setStatusProblem(firstLine(error)),
      )
    read()
    const timer = setInterval(read, 3000)
    return () => {
      stop = true
      clearInterval(timer)
    }
  }, [client, leaseId])

  if (lease.error) {
    return (
      <div className="page">
        <h1>Lease #{id}</h1>
        <ErrorBox
          title={lease.error.status === 404 ? 'No such lease' : 'Lease unavailable'}
          message={lease.error.message}
          onRetry={lease.reload}
        />
      </div>
    )
  }
  if (!l || leaseId === undefined) return <Loading what={`lease #${id}`} />

  const now = Math.floor(Date.now() / 1000)
  const active = l.state === 'active'
  const end = l.endedAt ?? Math.min(now, l.fundedUntil)
  const paidSoFar = BigInt(l.pricePerSecond) * BigInt(Math.max(0, end - l.openedAt))
  const funded = BigInt(l.deposit) + BigInt(l.toppedUp)

  const doTopUp = async () => {
    if (!connection || !network || !token) return
    setBusy('top-up')
    setMessage(undefined)
    try {
      const result = await topUp(connection.wallet, {
        deployment: network.deployment,
        leaseId,
        amount: parseUnits(amount, token.decimals),
      })
      setMessage({
        tone: 'ok',
        text: `Added ${formatToken(result.amount, token)}; escrow now ${formatToken(result.escrowed, token)}.`,
      })
      lease.reload()
    } catch (error) {
      setMessage({ tone: 'error', text: firstLine(error) })
    } finally {
      setBusy(undefined)
    }
  }
  const doClose = async () => {
    if (!connection || !network) return
    setBusy('close')
    setMessage(undefined)
    try {
      const result = await closeLease(connection.wallet, { deployment: network.deployment, leaseId })
      setMessage({
        tone: 'ok',
        text: `Lease closed. Refunded ${formatToken(result.refund, token)} of unused deposit.`,
      })
      lease.reload()
    } catch (error) {
      setMessage({ tone: 'error', text: firstLine(error) })
    } finally {
      setBusy(undefined)
    }
  }

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>
            Lease #{l.id} <LeaseStateBadge state={l.state} />
            {status && <LeaseStateBadge state={status.state} />}
          </h1>
          <p className="muted">
            {marketName(l.market)} · {tierLabel(l.tier)} tier · opened {formatTime(l.openedAt)}
            {l.order > 0 ? ` · auction order #${l.order}` : ' · market take'}
          </p>
        </div>
      </div>

      <div className="stats-grid">
        <Stat label="Price" value={formatPerHour(l.pricePerSecond, token)} />
        <Stat
          label="Ran"
          value={formatDuration(end - l.openedAt)}
          hint={active ? `funded until ${formatTime(l.fundedUntil)}` : `ended ${formatTime(l.endedAt ?? 0)}`}
        />
        <Stat
          label="Deposited"
          value={formatToken(funded, token, 2)}
          hint={
            BigInt(l.toppedUp) > 0n ? `incl. ${formatToken(l.toppedUp, token, 2)} topped up` : 'no top-ups'
          }
        />
        <Stat
          label={active ? 'Accrued so far' : 'Paid'}
          value={formatToken(paidSoFar > funded ? funded : paidSoFar, token, 4)}
        />
        {l.refund !== null && (
          <Stat
            label="Refunded"
            value={<span data-testid="refund">{formatToken(l.refund, token, 4)}</span>}
          />
        )}
        {!active && <Stat label="Closed" value={closeReasonLabel(l.closeReason)} />}
      </div>

      <div className="two-col">
        <Card title="Parties">
          <dl className="facts">
            <dt>Consumer</dt>
            <dd>
              <AddressText address={l.consumer} />
              {isConsumer && <span className="muted"> (you)</span>}
            </dd>
            <dt>Provider</dt>
            <dd>
              <AddressText address={l.provider} href={`#/providers/${l.provider}`} />
            </dd>
            <dt>Spec hash</dt>
            <dd className="mono small">{l.specHash}</dd>
            {l.resultHash && (
              <>
                <dt>Result hash</dt>
                <dd className="mono small">{l.resultHash}</dd>
              </>
            )}
            <dt>Opened in</dt>
            <dd className="mono small">{l.txHash}</dd>
          </dl>
        </Card>
        <Card title="Manage">
          {!connection ? (
            <Empty>Connect the consumer's wallet to top up or close.</Empty>
          ) : !isConsumer ? (
            <Empty>Only the consumer ({l.consumer.slice(0, 10)}…) can manage this lease.</Empty>
          ) : !active ? (
            <Empty>This lease is closed.</Empty>
          ) : (
            <div className="manage">
              <div className="field-row">
                <label className="field">
                  <span className="field-label">Top up ({token?.symbol ?? 'units'})</span>
                  <input name="topup" value={amount} onChange={(e) => setAmount(e.target.value)} />
                </label>
                <button type="button" className="button" disabled={Boolean(busy)} onClick={doTopUp}>
                  {busy === 'top-up' ? 'Adding…' : 'Top up'}
                </button>
              </div>
              <button type="button" className="button danger" disabled={Boolean(busy)} onClick={doClose}>
                {busy === 'close' ? 'Closing…' : 'Close lease and refund the rest'}
              </button>
            </div>
          )}
          {message && (
            <div className={message.tone === 'ok' ? 'ok-box' : 'error-box'} data-testid="manage-message">
              {message.text}
            </div>
          )}
        </Card>
      </div>

      <Card
        title="Job"
        actions={
          status ? (
            <span className="muted">
              at the provider: {status.state}
              {status.exitCode !== undefined ? ` · exit ${status.exitCode}` : ''}
            </span>
          ) : null
        }
      >
        {!isConsumer ? (
          <Empty>Logs and results are private to the consumer: connect its wallet to see them.</Empty>
        ) : client ? (
          <>
            {statusProblem && <ErrorBox title="Provider unreachable" message={statusProblem} />}
            {status?.reason && <p className="muted">{status.reason}</p>}
            <LiveLogs client={client} lease={leaseId} />
          </>
        ) : null}
      </Card>

      {client && status && ['finished', 'failed', 'closed'].includes(status.state) && (
        <Card title="Results">
          <Results client={client} lease={leaseId} />
        </Card>
      )}

      {(l.topUps?.length ?? 0) + (l.withdrawals?.length ?? 0) > 0 && (
        <Card title="Payments">
          <table className="table compact">
            <thead>
              <tr>
                <th>When</th>
                <th>What</th>
                <th className="num">Amount</th>
              </tr>
            </thead>
            <tbody>
              {(l.topUps ?? []).map((t) => (
                <tr key={`t${t.txHash}`}>
                  <td>{formatTime(t.timestamp)}</td>
                  <td>Top-up</td>
                  <td className="num">{formatToken(t.amount, token)}</td>
                </tr>
              ))}
              {(l.withdrawals ?? []).map((w) => (
                <tr key={`w${w.txHash}`}>
                  <td>{formatTime(w.timestamp)}</td>
                  <td>Paid to provider (fee {formatToken(w.fee, token)})</td>
                  <td className="num">{formatToken(w.amount, token)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
    </div>
  )
}
