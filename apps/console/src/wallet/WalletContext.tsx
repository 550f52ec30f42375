import { getTokenInfo, type HearthDeployment, parseDeployment } from '@hearth/sdk'
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react'
import {
  type Account,
  type Address,
  type Chain,
  type Client,
  createPublicClient,
  createWalletClient,
  custom,
  defineChain,
  type EIP1193Provider,
  getAddress,
  type Hex,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { TokenMeta } from '../format.js'

/** A funded account the devnet publishes (`/devnet.json`), usable without a browser wallet. */
export type DevAccount = { role: string; address: Address; privateKey: Hex }

/** What the page knows about the network: the deployment and how to reach the chain. */
export type NetworkConfig = {
  deployment: HearthDeployment
  rpcUrl: string | undefined
  devAccounts: DevAccount[]
}

/** A connected signer. */
export type Connection = {
  address: Address
  /** `dev:<role>` for a devnet key, `injected` for a browser wallet. */
  source: string
  label: string
  wallet: Client<Transport, Chain, Account>
}

/** The wallet state the pages share. */
export type WalletState = {
  status: 'loading' | 'ready' | 'unavailable'
  /** Why no network config is there, when status is `unavailable`. */
  problem: string | undefined
  network: NetworkConfig | undefined
  chain: Chain | undefined
  publicClient: PublicClient | undefined
  connection: Connection | undefined
  /** Symbol and decimals per payment token, by lower-case address. */
  tokens: ReadonlyMap<string, TokenMeta>
  hasInjected: boolean
  connectDev: (role: string) => void
  connectInjected: () => Promise<void>
  disconnect: () => void
}

const WalletContext = createContext<WalletState | undefined>(undefined)

declare global {
  interface Window {
    ethereum?: EIP1193Provider
  }
}

const storageKey = 'hearth.console.account'

/** Reads the devnet description the indexer serves next to the console. */
async function loadNetwork(): Promise<NetworkConfig> {
  const response = await fetch('./devnet.json', { headers: { accept: 'application/json' } }).catch(
    () => undefined,
  )
  // The indexer answers unknown paths with the console's index.html: only JSON counts.
  if (!response?.ok || !response.headers.get('content-type')?.includes('json')) {
    throw new Error('No deployment found: this indexer serves no /devnet.json (start one with `npm start`).')
  }
  const raw = (await response.json()) as Record<string, unknown>
  const deployment = parseDeployment(raw)
  const accounts = Array.isArray(raw.accounts) ? (raw.accounts as DevAccount[]) : []
  return {
    deployment,
    rpcUrl: typeof raw.rpcUrl === 'string' ? raw.rpcUrl : undefined,
    devAccounts: accounts.filter((a) => a.role !== 'deployer' && typeof a.privateKey === 'string'),
  }
}

/** Provides the network, a public client, the connected account and token metadata to the pages. */
export function WalletProvider({ children }: { children: ReactNode }) {
  const [network, setNetwork] = useState<NetworkConfig>()
  const [problem, setProblem] = useState<string>()
  const [connection, setConnection] = useState<Connection>()
  const [tokens, setTokens] = useState<ReadonlyMap<string, TokenMeta>>(new Map())

  useEffect(() => {
    loadNetwork().then(setNetwork, (error: Error) => setProblem(error.message))
  }, [])

  const chain = useMemo(() => {
    if (!network) return undefined
    const rpc = network.rpcUrl ?? 'http://127.0.0.1:8545'
    return defineChain({
      id: network.deployment.chainId,
      name: network.deployment.chainId === 31337 ? 'Hearth devnet' : `Chain ${network.deployment.chainId}`,
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [rpc] } },
    })
  }, [network])

  const publicClient = useMemo(() => {
    if (!chain || !network) return undefined
    const transport = network.rpcUrl || !window.ethereum ? http(network.rpcUrl) : custom(window.ethereum)
    return createPublicClient({ chain, transport, pollingInterval: 1000 }) as PublicClient
  }, [chain, network])

  useEffect(() => {
    if (!network || !publicClient) return
    const addresses = [...new Set(network.deployment.markets.map((m) => m.token))]
    if (network.deployment.contracts.hearthToken) addresses.push(network.deployment.contracts.hearthToken)
    Promise.all(addresses.map((token) => getTokenInfo(publicClient, { token }).catch(() => undefined))).then(
      (infos) => {
        const map = new Map<string, TokenMeta>()
        for (const info of infos) if (info) map.set(info.address.toLowerCase(), info)
        setTokens(map)
      },
    )
  }, [network, publicClient])

  const connectDev = useCallback(
    (role: string) => {
      const account = network?.devAccounts.find((a) => a.role === role)
      if (!account || !chain || !network) return
      const wallet = createWalletClient({
        account: privateKeyToAccount(account.privateKey),
        chain,
        transport: http(network.rpcUrl),
        pollingInterval: 1000,
      }) as WalletClient<Transport, Chain, Account>
      setConnection({ address: getAddress(account.address), source: `dev:${role}`, label: role, wallet })
      localStorage.setItem(storageKey, `dev:${role}`)
    },
    [chain, network],
  )

  const connectInjected = useCallback(async () => {
    const ethereum = window.ethereum
    if (!ethereum || !chain) throw new Error('No browser wallet found (window.ethereum is missing).')
    const [address] = (await ethereum.request({ method: 'eth_requestAccounts' })) as Address[]
    if (!address) throw new Error('The browser wallet shared no account.')
    const wallet = createWalletClient({
      account: getAddress(address),
      chain,
      transport: custom(ethereum),
    }) as unknown as WalletClient<Transport, Chain, Account>
    setConnection({ address: getAddress(address), source: 'injected', label: 'browser wallet', wallet })
    localStorage.setItem(storageKey, 'injected')
  }, [chain])

  const disconnect = useCallback(() => {
    setConnection(undefined)
    localStorage.removeItem(storageKey)
  }, [])

  // Reconnect the last choice; `?account=<role>` picks a dev key (links and tests).
  useEffect(() => {
    if (!network || !chain || connection) return
    const wanted =
      new URLSearchParams(window.location.search).get('account') ?? localStorage.getItem(storageKey)
    if (!wanted) return
    if (wanted === 'injected') connectInjected().catch(() => {})
    else connectDev(wanted.replace(/^dev:/, ''))
  }, [network, chain, connection, connectDev, connectInjected])

  const value: WalletState = {
    status: network ? 'ready' : problem ? 'unavailable' : 'loading',
    problem,
    network,
    chain,
    publicClient,
    connection,
    tokens,
    hasInjected: typeof window !== 'undefined' && window.ethereum !== undefined,
    connectDev,
    connectInjected,
    disconnect,
  }
  return <WalletContext.Provider value={value}>{children}</WalletContext.Provider>
}

/** The shared wallet state. */
export function useWallet(): WalletState {
  const state = useContext(WalletContext)
  if (!state) throw new Error('useWallet outside WalletProvider')
  return state
}

/** Token metadata for an address, when known. */
export function useToken(address: string | undefined): TokenMeta | undefined {
  const { tokens } = useWallet()
  return address ? tokens.get(address.toLowerCase()) : undefined
}
