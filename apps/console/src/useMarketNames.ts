import { useCallback } from 'react'
import { useWallet } from './wallet/WalletContext.js'

/** A function naming a market by id: its deployment name (`rtx-4090 · tUSD`), else `market <id>`. */
export function useMarketNames(): (id: string | number) => string {
  const { network } = useWallet()
  return useCallback(
    (id: string | number) =>
      network?.deployment.markets.find((m) => String(m.id) === String(id))?.name ?? `market ${id}`,
    [network],
  )
}
