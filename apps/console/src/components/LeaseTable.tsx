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
            const token = network?.deployment.markets.find((m) => m.id === l.market)?.token
            const end = l.endedAt ?? Math.min(now, l.fundedUntil)
            return (
              <tr key={l.id}>
                <td>
                  <a href={`#/leases/${l.id}`}>#{l.id}</a>
                  {l.cluster > 0 && <span className="muted"> · cluster {l.cluster}</span>}
                </td>
                <td>{marketName(l.market)}</td>
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
                  {formatPerHour(l.pricePerSecond, token ? tokens.get(token.toLowerCase()) : undefined)}
                </td>
                <td>{formatTime(l.openedAt)}</td>
                <td className="num">{formatDuration(end - l.openedAt)}</td>
                <td>
                  <LeaseStateBadge state={l.state} />
                  {l.state === 'closed' && (
                    <span className="muted small"> {closeReasonLabel(l.closeReason)}</span>
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
