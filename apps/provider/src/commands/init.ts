import { existsSync } from 'node:fs'
import { mkdir, readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { encryptKeystore, writeKeystoreFile } from '@hearth/sdk/node'
import { createPublicClient, getAddress, type Hex, http, isHex } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { readDeploymentFile } from '../chain/chainClients.js'
import { CliError, type Io } from '../cli/Io.js'
import { type ProviderConfigInput, writeConfig } from '../config.js'
import {
  checkMinimumSpec,
  formatHardwareReport,
  readMinimumSpec,
  toOnChainHardware,
} from '../hardware/index.js'
import { helpRequested, locate, parseCommand, printJson } from './common.js'
import { probeThisMachine, supplySourceOf } from './probeThisMachine.js'

const usage = `Usage: hearth provider init [options]

Creates the provider's key (or imports HEARTH_PRIVATE_KEY) into an encrypted keystore, probes the
machine's hardware, says whether it meets the network's minimum spec, and writes provider.yaml.

Options:
  --data-dir <dir>          where the agent keeps its key, config, journal and jobs
                            (default $HEARTH_PROVIDER_HOME or ~/.hearth/provider)
  --rpc-url <url>           the chain's JSON-RPC endpoint (default: the deployment file's, else
                            http://127.0.0.1:8545)
  --deployment <file>       the deployment JSON (default .hearth/devnet.json in this folder)
  --region <name>           declared region, e.g. eu-west
  --supply-source <kind>    home | datacenter | miner (default home)
  --port <n>                provider API port (default 8443)
  --public-url <url>        where consumers reach the API (default http://<host>:<port>)
  --floor-per-gpu-hour <x>  the least to accept per GPU-hour, in the market token (default 0)
  --force                   overwrite an existing provider.yaml
  --json                    print the result as JSON

The keystore password comes from HEARTH_PASSWORD, or a prompt in a terminal.`

async function keystoreAddress(path: string): Promise<string | undefined> {
  try {
    const { address } = JSON.parse(await readFile(path, 'utf8')) as { address?: string }
    return address ? getAddress(`0x${address.replace(/^0x/, '')}`) : undefined
  } catch {
    return undefined
  }
}

/** `hearth provider init`. */
export async function initCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseCommand(argv, {
    'rpc-url': { type: 'string' },
    deployment: { type: 'string' },
    region: { type: 'string' },
    'supply-source': { type: 'string' },
    port: { type: 'string' },
    'public-url': { type: 'string' },
    'floor-per-gpu-hour': { type: 'string' },
    force: { type: 'boolean', default: false },
  })
  if (helpRequested(values, io, usage)) return 0
  const { dataDir, configPath } = locate(values, io)
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  const keystorePath = resolve(dataDir, 'key.json')

  // 1. The key.
  let address: string | undefined = await keystoreAddress(keystorePath)
  let keySource = 'existing keystore'
  if (address === undefined) {
    const imported = io.env.HEARTH_PRIVATE_KEY
    if (imported !== undefined && !(isHex(imported) && imported.length === 66)) {
      throw new CliError('HEARTH_PRIVATE_KEY must be 0x followed by 64 hex digits')
    }
    let password = io.env.HEARTH_PASSWORD
    if (password === undefined && io.promptPassword) {
      password = await io.promptPassword('Choose a password for the provider key: ')
      const again = await io.promptPassword('Repeat it: ')
      if (again !== password) throw new CliError('the passwords differ')
    }
    if (password === undefined || password === '') {
      throw new CliError(
        'no password for the keystore: set HEARTH_PASSWORD, or run in a terminal to be asked',
      )
    }
    const privateKey = (imported as Hex | undefined) ?? generatePrivateKey()
    await writeKeystoreFile(keystorePath, await encryptKeystore(privateKey, password))
    address = privateKeyToAccount(privateKey).address
    keySource = imported ? 'imported from HEARTH_PRIVATE_KEY' : 'new key'
  }

  // 2. The config.
  const deploymentPath = resolve(io.cwd, (values.deployment as string | undefined) ?? '.hearth/devnet.json')
  // The chain: --rpc-url, else the one the deployment file names (a devnet writes its own), else 8545.
  const rpcUrl =
    (values['rpc-url'] as string | undefined) ??
    (await readFile(deploymentPath, 'utf8')
      .then((text) => (JSON.parse(text) as { rpcUrl?: unknown }).rpcUrl)
      .then((url) => (typeof url === 'string' ? url : undefined))
      .catch(() => undefined)) ??
    'http://127.0.0.1:8545'
  const supplySource = (values['supply-source'] as string | undefined) ?? 'home'
  if (!['home', 'datacenter', 'miner'].includes(supplySource)) {
    throw new CliError(`--supply-source must be home, datacenter or miner, got "${supplySource}"`, 2)
  }
  const port = values.port === undefined ? 8443 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new CliError(`--port must be 0 to 65535, got ${values.port}`, 2)
  const config: ProviderConfigInput = {
    rpcUrl,
    deployment: deploymentPath,
    keystore: 'key.json',
    api: {
      host: '0.0.0.0',
      port,
      ...(typeof values['public-url'] === 'string' ? { publicUrl: values['public-url'] } : {}),
    },
    declare: {
      region: (values.region as string | undefined) ?? '',
      supplySource: supplySource as 'home' | 'datacenter' | 'miner',
    },
    pricing: { floorPerGpuHour: (values['floor-per-gpu-hour'] as string | undefined) ?? '0' },
  }
  const configExisted = existsSync(configPath)
  if (!configExisted || values.force) await writeConfig(configPath, config)

  // 3. The hardware, and the network's minimum spec when the chain answers.
  const report = await probeThisMachine(dataDir)
  const { hardware, notes } = toOnChainHardware(report, {
    region: (values.region as string | undefined) ?? '',
    supplySource: supplySourceOf({ declare: { ...config.declare, supplySource } } as never),
    bandwidthMbps: 1000,
    benchmarkGflops: 0,
  })
  let check: ReturnType<typeof checkMinimumSpec> | undefined
  let minimumNote = ''
  try {
    const deployment = await readDeploymentFile(deploymentPath)
    const client = createPublicClient({ transport: http(rpcUrl) })
    check = checkMinimumSpec(hardware, await readMinimumSpec(client, deployment.contracts.providerRegistry))
  } catch (error) {
    minimumNote = `Minimum spec not checked (chain ${rpcUrl}): ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`
  }

  if (values.json) {
    printJson(io, {
      address,
      keystore: keystorePath,
      keySource,
      config: configPath,
      configWritten: !configExisted || values.force,
      hardware: report,
      minimumSpec: check ?? null,
      notes: [...notes, ...(minimumNote ? [minimumNote] : [])],
    })
    return check && !check.ok ? 1 : 0
  }
  io.stdout(
    [
      `Provider address  ${address}  (${keySource}, ${keystorePath})`,
      `Config            ${configPath}${configExisted && !values.force ? ' (kept; --force rewrites it)' : ''}`,
      '',
      formatHardwareReport(report, check),
      ...notes,
      ...(minimumNote ? [minimumNote] : []),
      '',
      check && !check.ok
        ? 'This machine does not meet the network minimum: it cannot register.'
        : 'Next: fund this address with HEAT for the stake (and gas), then `hearth provider register`.',
      '',
    ].join('\n'),
  )
  return check && !check.ok ? 1 : 0
}
