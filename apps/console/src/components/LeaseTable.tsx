import type { LeaseRow } from '../api/types.js'
import { formatDuration, formatPerHour, formatTime } from '../format.js'
import { closeReasonLabel } from '../labels.js'
import { useMarketNames } from '../useMarketNames.js'
import { useWallet } from '../wallet/WalletContext.js'
import { AddressText, Empty, LeaseStateBadge } from './ui.js'

/** Leases, newest first: market, parties, price, state, how long they ran. */
export function LeaseTable({
  leases,
  now,
  hide,
}: {
  leases: LeaseRow[]
  now: number
  hide?: 'provider' | 'consumer'
}) {
  const { tokens, network } = useWallet()
  const marketName = useMarketNames()
  if (leases.length === 0) return <Empty>No lease has been opened yet</Empty>
  return (
    <div className="table-wrap">
      <table className="table" data-testid="leases">
        <thead>
          <tr>
            <th>Lease</th>
            <th>Market</th>
            {hide !== 'consumer' && <th>Consumer</th>}
            {hide !== 'provider' && <th>Provider</th>}
            <th className="num">Price</th>
            <th>Opened</th>
            <th className="num">Ran</th>
            <th>State</th>
          </tr>
        </thead>
        <tbody>
          {leases.map((l) => {
            const token = network?.deployment.markets.find((m) => m.id === l.market_id)?.token
            const end = l.ended_at ?? Math.min(now, l.funded_until)
            return (
              <tr key={l.id}>
                <td>
                  <a href={`#/leases/${l.id}`}>#{l.id}</a>
                  {l.cluster_id > 0 && <span className="muted"> · cluster {l.cluster_id}</span>}
                </td>
                <td>{marketName(l.market_id)}</td>
                {hide !== 'consumer' && (
                  <td>
                    <AddressText address={l.consumer} />
                  </td>
                )}
                {hide !== 'provider' && (
                  <td>
                    <AddressText address={l.provider} href={`#/providers/${l.provider}`} />
                  </td>
                )}
                <td className="num">
                  {formatPerHour(l.price, token ? tokens.get(token.toLowerCase()) : undefined)}
                </td>
                <td>{formatTime(l.opened_at)}</td>
                <td className="num">{formatDuration(end - l.opened_at)}</td>
                <td>
                  <LeaseStateBadge state={l.state} />
                  {l.state === 'closed' && (
                    <span className="muted small"> {closeReasonLabel(l.close_reason)}</span>
                  )}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
