import { marketplaceAbi } from '@hearth/abi'
import { getWithdrawable, withdrawMany } from '@hearth/sdk'
import { type Address, erc20Abi, formatUnits } from 'viem'
import { readContract } from 'viem/actions'
import { chainClients, walletFor } from '../chain/chainClients.js'
import { providerLeases } from '../chain/providerLeases.js'
import type { Io } from '../cli/Io.js'
import { helpRequested, loadCommandConfig, loadProviderAccount, parseCommand, printJson } from './common.js'

const usage = `Usage: hearth provider withdraw [--data-dir DIR] [--json]

Withdraws what every lease of this provider has earned (open or closed), one transaction per payment
token, and prints the amounts. Safe to run while the agent runs.`

/** `hearth provider withdraw`. */
export async function withdrawCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseCommand(argv, {})
  if (helpRequested(values, io, usage)) return 0
  const config = await loadCommandConfig(values, io)
  const account = await loadProviderAccount(config, io)
  const { deployment, publicClient, chain } = await chainClients(config)
  const walletClient = walletFor(config, chain, account)
  const leases = await providerLeases(publicClient, { deployment, provider: account.address })
  const byToken = new Map<Address, bigint[]>()
  const tokens = new Map<number, Address>()
  for (const { lease, market } of leases) {
    const amount = await getWithdrawable(publicClient, { deployment, leaseId: lease })
    if (amount === 0n) continue
    let token = tokens.get(market)
    if (!token) {
      token = (
        await readContract(publicClient, {
          abi: marketplaceAbi,
          address: deployment.contracts.marketplace,
          functionName: 'getMarket',
          args: [market],
        })
      ).config.token
      tokens.set(market, token)
    }
    byToken.set(token, [...(byToken.get(token) ?? []), lease])
  }
  const results: {
    token: Address
    symbol: string
    amount: bigint
    formatted: string
    leases: number
    tx: string
  }[] = []
  for (const [token, leaseIds] of byToken) {
    const result = await withdrawMany(walletClient, { deployment, leaseIds })
    const [symbol, decimals] = await Promise.all([
      readContract(publicClient, { abi: erc20Abi, address: token, functionName: 'symbol' }),
      readContract(publicClient, { abi: erc20Abi, address: token, functionName: 'decimals' }),
    ])
    results.push({
      token,
      symbol,
      amount: result.total,
      formatted: formatUnits(result.total, decimals),
      leases: leaseIds.length,
      tx: result.hash,
    })
  }
  if (values.json) printJson(io, { provider: account.address, withdrawals: results })
  else if (results.length === 0) io.stdout('Nothing to withdraw: no lease has unpaid earnings.\n')
  else {
    for (const r of results)
      io.stdout(`Withdrew ${r.formatted} ${r.symbol} from ${r.leases} lease(s) (tx ${r.tx})\n`)
  }
  return 0
}
