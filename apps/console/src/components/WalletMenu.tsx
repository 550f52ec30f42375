import { getTokenBalance } from '@hearth/sdk'
import { useEffect, useState } from 'react'
import { formatToken } from '../format.js'
import { useWallet } from '../wallet/WalletContext.js'

/** The header's account picker: a devnet key or the browser wallet, with the account's balance. */
export function WalletMenu() {
  const wallet = useWallet()
  const { network, connection, publicClient, tokens } = wallet
  const [problem, setProblem] = useState<string>()
  const [balance, setBalance] = useState<string>()
  const stable = network?.deployment.contracts.testStablecoin ?? network?.deployment.markets[0]?.token

  useEffect(() => {
    setBalance(undefined)
    if (!connection || !publicClient || !stable) return
    let stop = false
    const read = () =>
      getTokenBalance(publicClient, { token: stable, owner: connection.address }).then(
        (value) => !stop && setBalance(formatToken(value, tokens.get(stable.toLowerCase()), 2)),
        () => {},
      )
    read()
    const timer = setInterval(read, 5000)
    return () => {
      stop = true
      clearInterval(timer)
    }
  }, [connection, publicClient, stable, tokens])

  if (wallet.status === 'loading') return <span className="muted">Connecting…</span>
  if (wallet.status === 'unavailable')
    return (
      <span className="muted" title={wallet.problem}>
        No network
      </span>
    )
  return (
    <div className="wallet">
      {connection ? (
        <>
          <span className="wallet-account" data-testid="account" title={connection.address}>
            <i className="dot" /> {connection.label} · {connection.address.slice(0, 6)}…
            {connection.address.slice(-4)}
          </span>
          {balance && <span className="wallet-balance">{balance}</span>}
        </>
      ) : null}
      <select
        aria-label="Account"
        value={connection?.source ?? ''}
        onChange={(event) => {
          setProblem(undefined)
          const value = event.target.value
          if (value === '') wallet.disconnect()
          else if (value === 'injected')
            wallet.connectInjected().catch((error: Error) => setProblem(error.message))
          else wallet.connectDev(value.replace(/^dev:/, ''))
        }}
      >
        <option value="">{connection ? 'Disconnect' : 'Connect a wallet…'}</option>
        {wallet.hasInjected && <option value="injected">Browser wallet (EIP-1193)</option>}
        {network?.devAccounts.map((a) => (
          <option key={a.role} value={`dev:${a.role}`}>
            Devnet key: {a.role}
          </option>
        ))}
      </select>
      {problem && <span className="error-text">{problem}</span>}
    </div>
  )
}
