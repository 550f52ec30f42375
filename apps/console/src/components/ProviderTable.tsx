import type { ProviderRow } from '../api/types.js'
import { formatAmount, formatReputation, formatSize } from '../format.js'
import { supplySourceLabel } from '../labels.js'
import { AddressText, Badge, Empty } from './ui.js'

/** Providers with hardware, region, reputation, track record, stake and status. */
export function ProviderTable({ providers }: { providers: ProviderRow[] }) {
  if (providers.length === 0) return <Empty>No provider has registered yet</Empty>
  return (
    <div className="table-wrap">
      <table className="table" data-testid="providers">
        <thead>
          <tr>
            <th>Provider</th>
            <th>GPU</th>
            <th>CPU · RAM</th>
            <th>Region</th>
            <th className="num">Reputation</th>
            <th className="num">Jobs ok / failed</th>
            <th className="num">Stake</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {providers.map((p) => (
            <tr key={p.address}>
              <td>
                <AddressText address={p.address} href={`#/providers/${p.address}`} />
              </td>
              <td>
                {p.gpu.count > 0 ? (
                  <>
                    {p.gpu.count} × {p.gpu.model || 'GPU'}
                    <span className="muted"> · {formatSize(p.gpu.vramMiB * 2 ** 20)}</span>
                  </>
                ) : (
                  <span className="muted">CPU only</span>
                )}
              </td>
              <td>
                {p.cpuCores} cores · {formatSize(p.ramMiB * 2 ** 20)}
              </td>
              <td>
                {p.region} <span className="muted">· {supplySourceLabel(p.supplySource)}</span>
              </td>
              <td className="num">{formatReputation(p.reputation)}</td>
              <td className="num">
                {p.jobsSucceeded} / {p.jobsFailed}
              </td>
              <td className="num">{formatAmount(p.stake, 18, 0)} HEAT</td>
              <td>
                {p.status === 'registered' ? (
                  <Badge tone="green">online</Badge>
                ) : (
                  <Badge tone="grey">{p.status}</Badge>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
