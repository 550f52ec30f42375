import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { testStablecoinAbi, testStablecoinBytecode } from '@hearth/abi'
import { getMarket, getTokenBalance, parseDeployment } from '@hearth/sdk'
import { type StartAnvilReturnType, startAnvil } from '@hearth/sdk/node'
import { createPublicClient, createWalletClient, getAddress, type Hex, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { deployContract, readContract, waitForTransactionReceipt } from 'viem/actions'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recorder } from '../../test/recorder.js'
import { main } from '../main.js'

describe('hearth protocol deploy', () => {
  let anvil: StartAnvilReturnType
  let dir = ''
  beforeAll(async () => {
    // Not anvil's usual chain id: a "real" chain, where no test stablecoin is deployed by default.
    anvil = await startAnvil({ chainId: 8453 })
    dir = mkdtempSync(join(tmpdir(), 'hearth-deploy-'))
  })
  afterAll(async () => {
    await anvil?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('deploys to the chain behind --rpc-url, prices markets in the given stablecoin and offers ownership', async () => {
    const [deployer, owner] = anvil.accounts
    if (!deployer || !owner) throw new Error('anvil has no accounts')
    const transport = http(anvil.rpcUrl)
    const publicClient = createPublicClient({ transport })
    // A stand-in for USDC: any 6-decimal ERC-20 already on the chain.
    const wallet = createWalletClient({ account: privateKeyToAccount(deployer.privateKey as Hex), transport })
    const hash = await deployContract(wallet, {
      abi: testStablecoinAbi,
      bytecode: testStablecoinBytecode,
      chain: null,
    })
    const created = (await waitForTransactionReceipt(publicClient, { hash })).contractAddress
    if (!created) throw new Error('no stablecoin deployed')
    const usdc = getAddress(created)

    const io = recorder(dir, { HEARTH_PRIVATE_KEY: deployer.privateKey })
    const code = await main(
      [
        'protocol',
        'deploy',
        '--rpc-url',
        anvil.rpcUrl,
        '--owner',
        owner.address,
        '--stablecoin',
        usdc,
        '--stablecoin-symbol',
        'USDC',
        '--stablecoin-decimals',
        '6',
        '--json',
      ],
      io,
    )
    expect(io.err.join('')).toBe('')
    expect(code).toBe(0)
    const printed = JSON.parse(io.out.join('')) as { deploymentFile: string }
    expect(printed.deploymentFile).toBe(join(dir, '.hearth', 'deployments', '8453.json'))
    const deployment = parseDeployment(JSON.parse(readFileSync(printed.deploymentFile, 'utf8')))
    expect(deployment.chainId).toBe(8453)
    expect(deployment.contracts.testStablecoin).toBeUndefined()
    expect(deployment.markets.map((m) => m.name)).toEqual([
      'rtx-4090 (USDC)',
      'rtx-3090 (USDC)',
      'a100-80gb (USDC)',
      'h100-80gb (USDC)',
      'cpu (USDC)',
      'rtx-4090 (HEAT)',
    ])
    const first = await getMarket(publicClient, { deployment, market: 1 })
    expect(first.config.token).toBe(usdc)
    // An RTX 4090 hour at $0.30 in 6-decimal units, per second.
    expect(first.config.referencePricePerSecond).toBe(83n)
    // Ownership is offered, not yet taken: the owner must accept it.
    const pendingOwner = await readContract(publicClient, {
      address: deployment.contracts.marketplace,
      abi: [
        {
          type: 'function',
          name: 'pendingOwner',
          inputs: [],
          outputs: [{ type: 'address' }],
          stateMutability: 'view',
        },
      ],
      functionName: 'pendingOwner',
    })
    expect(pendingOwner).toBe(owner.address)
    expect(
      await getTokenBalance(publicClient, {
        token: deployment.contracts.hearthToken,
        owner: deployer.address,
      }),
    ).toBeGreaterThan(0n)
  })

  it('refuses to run without a key, and says which variable to set', async () => {
    const io = recorder(dir, {})
    expect(await main(['protocol', 'deploy', '--rpc-url', anvil.rpcUrl], io)).toBe(1)
    expect(io.err).toEqual(['hearth: set HEARTH_PRIVATE_KEY to the deployer key (0x-prefixed hex)\n'])
  })

  it('names a bad option in one line', async () => {
    const key = anvil.accounts[0]?.privateKey ?? ''
    const io = recorder(dir, { HEARTH_PRIVATE_KEY: key })
    expect(await main(['protocol', 'deploy', '--rpc-url', anvil.rpcUrl, '--owner', 'nobody'], io)).toBe(2)
    expect(io.err).toEqual(['hearth: --owner is not an address: nobody (see `hearth --help`)\n'])
    const half = recorder(dir, { HEARTH_PRIVATE_KEY: key })
    expect(
      await main(['protocol', 'deploy', '--rpc-url', anvil.rpcUrl, '--stablecoin-symbol', 'USDC'], half),
    ).toBe(2)
    expect(half.err.join('')).toMatch(
      /--stablecoin, --stablecoin-symbol and --stablecoin-decimals go together/,
    )
  })

  it('says when nothing answers at the RPC URL', async () => {
    const io = recorder(dir, { HEARTH_PRIVATE_KEY: anvil.accounts[0]?.privateKey ?? '' })
    expect(await main(['protocol', 'deploy', '--rpc-url', 'http://127.0.0.1:9'], io)).toBe(1)
    expect(io.err.join('')).toMatch(/^hearth: no JSON-RPC endpoint answers at http:\/\/127\.0\.0\.1:9/)
  })
})
