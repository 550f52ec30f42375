import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { type Address, type Chain, defineChain, getAddress, type Hex, isAddress, isHex } from 'viem'
import { anvil as anvilChain } from 'viem/chains'
import { AnvilStartError } from './AnvilStartError.js'
import { resolveAnvilBinary } from './resolveAnvilBinary.js'

/** Parameters of {@link startAnvil}. */
export type StartAnvilParameters = {
  /** Port to listen on; default 0: a free port the OS picks, so that several can run at once. */
  port?: number | undefined
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string | undefined
  /** Mine a block every this many seconds; default: mine each transaction at once (automine). */
  blockTimeSeconds?: number | undefined
  /** Default 31337. */
  chainId?: number | undefined
  /** Dev accounts to create (default 10), funded with `balanceEther` each (default 10 000). */
  accounts?: number | undefined
  balanceEther?: number | undefined
  /** Mnemonic of the dev accounts; default anvil's (`test test … junk`). */
  mnemonic?: string | undefined
  /** Unix time of the genesis block; default now. */
  timestamp?: bigint | undefined
  /** Path of the anvil binary; default: the one `@foundry-rs/anvil` installed. */
  binary?: string | undefined
  /** More command-line arguments for anvil. */
  args?: readonly string[] | undefined
  /** Give up when anvil does not answer within this long; default 20 s. */
  startTimeoutMs?: number | undefined
  /** Receives each line anvil prints; default: discarded. */
  onOutput?: ((line: string) => void) | undefined
  /**
   * Run anvil in its own process group, so that a Ctrl-C in the terminal reaches only this process,
   * which then stops anvil when the processes that still need the chain are done. Default false.
   */
  detached?: boolean | undefined
}

/** A dev account anvil funded. */
export type AnvilAccount = {
  address: Address
  privateKey: Hex
}

/** What {@link startAnvil} returns. */
export type StartAnvilReturnType = {
  /** HTTP JSON-RPC endpoint, e.g. `http://127.0.0.1:36511`. */
  rpcUrl: string
  port: number
  chainId: number
  /** A viem chain for this node (anvil's, with its id and URL). */
  chain: Chain
  /** Anvil's deterministic dev accounts, with their private keys. */
  accounts: readonly AnvilAccount[]
  /** The anvil process id. */
  pid: number
  /** Stops anvil (SIGTERM, then SIGKILL after 5 s) and waits for it to exit. Safe to call twice. */
  stop: () => Promise<void>
}

/** What {@link startAnvil} can throw. */
export type StartAnvilErrorType = AnvilStartError

/** Anvil processes still running, killed if this process exits without stopping them. */
const running = new Set<ChildProcess>()
let exitHookInstalled = false

function installExitHook(): void {
  if (exitHookInstalled) return
  exitHookInstalled = true
  // 'exit' handlers must be synchronous: a plain kill is all that can be done here.
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL')
  })
}

/**
 * Starts a local anvil node from the binary in node_modules, waits until it answers JSON-RPC, and
 * returns its URL and funded dev accounts. The node is killed on `stop()` and when this process exits
 * (its `exit` event). Signals are left to the caller: a process killed by a signal it does not handle
 * never sees `exit`, so a CLI should handle SIGINT/SIGTERM and call `stop()` (as `hearth devnet` does).
 *
 * @param parameters Port, block time, chain id, accounts.
 * @returns The running node.
 * @throws {AnvilNotFoundError} when no binary is installed.
 * @throws {AnvilStartError} when anvil exits early or does not answer in time.
 */
export async function startAnvil(parameters: StartAnvilParameters = {}): Promise<StartAnvilReturnType> {
  const {
    port = 0,
    host = '127.0.0.1',
    chainId = anvilChain.id,
    accounts = 10,
    balanceEther = 10_000,
    startTimeoutMs = 20_000,
    onOutput,
  } = parameters
  const binary = parameters.binary ?? resolveAnvilBinary()
  const dir = mkdtempSync(join(tmpdir(), 'hearth-anvil-'))
  const configPath = join(dir, 'anvil.json')
  const args = [
    ...['--host', host, '--port', String(port), '--chain-id', String(chainId)],
    ...['--accounts', String(accounts), '--balance', String(balanceEther), '--config-out', configPath],
    ...(parameters.blockTimeSeconds === undefined
      ? []
      : ['--block-time', String(parameters.blockTimeSeconds)]),
    ...(parameters.mnemonic === undefined ? [] : ['--mnemonic', parameters.mnemonic]),
    ...(parameters.timestamp === undefined ? [] : ['--timestamp', String(parameters.timestamp)]),
    ...(parameters.args ?? []),
  ]

  const child = spawn(binary, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: parameters.detached ?? false,
  })
  running.add(child)
  installExitHook()
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const cleanup = () => {
    running.delete(child)
    rmSync(dir, { recursive: true, force: true })
  }
  let stopping: Promise<void> | undefined
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
        await exited
        clearTimeout(timer)
      }
      cleanup()
    })()
    return stopping
  }

  const output: string[] = []
  let listeningPort: number | undefined
  const listening = new Promise<number>((resolve, reject) => {
    const onLine = (line: string) => {
      output.push(line)
      if (output.length > 20) output.shift()
      onOutput?.(line)
      const match = /Listening on .*:(\d+)\s*$/.exec(line)
      if (match?.[1] && listeningPort === undefined) {
        listeningPort = Number(match[1])
        resolve(listeningPort)
      }
    }
    createInterface({ input: child.stdout }).on('line', onLine)
    createInterface({ input: child.stderr }).on('line', onLine)
    child.once('error', (cause) => reject(new AnvilStartError(`could not run ${binary}`, { cause })))
    child.once('exit', (code, signal) =>
      reject(new AnvilStartError(signal ? `killed by ${signal}` : `exited with code ${code}`, { output })),
    )
  })

  try {
    const actualPort = await withTimeout(
      listening,
      startTimeoutMs,
      () => new AnvilStartError('no "Listening on" line', { output }),
    )
    const rpcUrl = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`
    await withTimeout(
      waitForRpc(rpcUrl),
      startTimeoutMs,
      () => new AnvilStartError(`${rpcUrl} did not answer`, { output }),
    )
    const chain = defineChain({ ...anvilChain, id: chainId, rpcUrls: { default: { http: [rpcUrl] } } })
    return {
      rpcUrl,
      port: actualPort,
      chainId,
      chain,
      accounts: readAccounts(configPath),
      pid: child.pid ?? 0,
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}

/** The dev accounts anvil wrote with `--config-out`. */
function readAccounts(configPath: string): AnvilAccount[] {
  let config: unknown
  try {
    config = JSON.parse(readFileSync(configPath, 'utf8'))
  } catch (cause) {
    throw new AnvilStartError(`could not read ${configPath}`, { cause })
  }
  const { available_accounts: addresses, private_keys: keys } = (config ?? {}) as {
    available_accounts?: unknown
    private_keys?: unknown
  }
  if (!Array.isArray(addresses) || !Array.isArray(keys) || addresses.length !== keys.length) {
    throw new AnvilStartError(`unexpected accounts in ${configPath}`)
  }
  return addresses.map((address: unknown, i) => {
    const privateKey: unknown = keys[i]
    if (
      typeof address !== 'string' ||
      !isAddress(address) ||
      typeof privateKey !== 'string' ||
      !isHex(privateKey)
    ) {
      throw new AnvilStartError(`unexpected account ${i} in ${configPath}`)
    }
    return { address: getAddress(address), privateKey }
  })
}

/** Polls `eth_chainId` until the node answers. */
async function waitForRpc(rpcUrl: string): Promise<void> {
  for (;;) {
    try {
      const response = await fetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      })
      if (response.ok) return
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Rejects with `onTimeout()` when `promise` has not settled within `ms`. */
async function withTimeout<value>(
  promise: Promise<value>,
  ms: number,
  onTimeout: () => Error,
): Promise<value> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(onTimeout()), ms)
      }),
    ])
  } finally {
    clearTimeout(timer)
  }
}
