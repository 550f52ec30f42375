import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  AbiGenerationError,
  collectEnums,
  collectErrors,
  errorSignature,
  generate,
  referencedEnums,
} from './generate.mjs'

const leaseNotActive = {
  type: 'error',
  name: 'LeaseNotActive',
  inputs: [
    { name: 'id', type: 'uint256', internalType: 'LeaseId' },
    { name: 'state', type: 'uint8', internalType: 'enum LeaseState' },
  ],
}
const erc20InvalidReceiver = {
  type: 'error',
  name: 'ERC20InvalidReceiver',
  inputs: [{ name: 'receiver', type: 'address', internalType: 'address' }],
}
const transfer = {
  type: 'function',
  name: 'transfer',
  inputs: [],
  outputs: [],
  stateMutability: 'nonpayable',
}

describe('errorSignature', () => {
  it('expands tuples and keeps array suffixes', () => {
    const error = {
      name: 'OrderInvalid',
      inputs: [
        {
          type: 'tuple[]',
          components: [
            { type: 'address' },
            { type: 'tuple', components: [{ type: 'uint64' }, { type: 'bytes32' }] },
          ],
        },
      ],
    }
    expect(errorSignature(error)).toBe('OrderInvalid((address,(uint64,bytes32))[])')
  })
})

describe('collectErrors', () => {
  it('keeps one entry per signature across ABIs, ignoring other items', () => {
    const renamed = {
      ...leaseNotActive,
      inputs: leaseNotActive.inputs.map((input) => ({ ...input, name: '' })),
    }
    const errors = collectErrors([
      [transfer, leaseNotActive, erc20InvalidReceiver],
      [erc20InvalidReceiver, renamed],
    ])
    expect(errors).toEqual([leaseNotActive, erc20InvalidReceiver])
  })

  it('keeps errors that share a name but differ in parameter types', () => {
    const overload = { ...erc20InvalidReceiver, inputs: [{ name: 'receiver', type: 'uint256' }] }
    expect(collectErrors([[erc20InvalidReceiver], [overload]])).toEqual([erc20InvalidReceiver, overload])
  })
})

describe('referencedEnums', () => {
  it('finds enums in inputs, outputs and tuple components, without contract prefix or array suffix', () => {
    const getLease = {
      type: 'function',
      name: 'getLease',
      inputs: [{ name: 'tier', type: 'uint8[]', internalType: 'enum IMarket.Tier[]' }],
      outputs: [
        {
          type: 'tuple',
          internalType: 'struct Lease',
          components: [{ name: 'state', type: 'uint8', internalType: 'enum LeaseState' }],
        },
      ],
    }
    expect(referencedEnums([[leaseNotActive, transfer], [getLease]])).toEqual(['LeaseState', 'Tier'])
  })
})

describe('collectEnums', () => {
  it('reads declarations across files, ignoring comments', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-abi-src-'))
    try {
      mkdirSync(join(dir, 'types'))
      writeFileSync(
        join(dir, 'types', 'Lease.sol'),
        '/// @notice enum Fake { No }\nenum LeaseState {\n  None, // nothing\n  Active,\n  /* gone */ Closed\n}\n',
      )
      writeFileSync(join(dir, 'Tier.sol'), 'contract C { enum Tier { Economy, Priority } }')
      const enums = collectEnums(dir)
      expect([...enums.keys()].sort()).toEqual(['LeaseState', 'Tier'])
      expect(enums.get('LeaseState')?.members).toEqual(['None', 'Active', 'Closed'])
      writeFileSync(join(dir, 'Other.sol'), 'enum Tier { Economy }')
      expect(() => collectEnums(dir)).toThrow(/declared differently/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('generate', () => {
  let dir = ''
  let artifactsDir = ''
  let sourcesDir = ''
  let outDir = ''
  const quiet = { log: () => {}, warn: () => {} }

  function writeArtifact(name, abi, bytecode = '0x6080') {
    mkdirSync(join(artifactsDir, `${name}.sol`), { recursive: true })
    const artifact = { abi, bytecode: { object: bytecode, linkReferences: {} } }
    writeFileSync(join(artifactsDir, `${name}.sol`, `${name}.json`), JSON.stringify(artifact))
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hearth-abi-'))
    artifactsDir = join(dir, 'out')
    sourcesDir = join(dir, 'src')
    outDir = join(dir, 'generated')
    mkdirSync(sourcesDir)
    writeFileSync(
      join(sourcesDir, 'Lease.sol'),
      'enum LeaseState { None, Active, Closed }\nenum Unused { A }\n',
    )
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('writes importable modules for compiled contracts and skips missing ones with a warning', async () => {
    writeArtifact('HearthToken', [transfer, erc20InvalidReceiver], '0x60806040')
    writeArtifact('Marketplace', [leaseNotActive, erc20InvalidReceiver])
    const warnings = []
    const result = generate({
      artifactsDir,
      sourcesDir,
      outDir,
      contracts: ['HearthToken', 'Marketplace', 'Auctions'],
      log: () => {},
      warn: (line) => warnings.push(line),
    })

    expect(result.generated).toEqual(['HearthToken', 'Marketplace'])
    expect(result.missing).toEqual(['Auctions'])
    expect(warnings.join('\n')).toContain('Auctions')
    expect(result.enums).toEqual(['LeaseState'])
    expect(readdirSync(outDir).sort()).toEqual([
      'allErrors.ts',
      'enums.ts',
      'hearthToken.ts',
      'index.ts',
      'marketplace.ts',
    ])

    const generated = await import(join(outDir, 'index.ts'))
    expect(generated.hearthTokenAbi).toEqual([transfer, erc20InvalidReceiver])
    expect(generated.hearthTokenBytecode).toBe('0x60806040')
    expect(generated.marketplaceAbi).toEqual([leaseNotActive, erc20InvalidReceiver])
    expect(generated.allErrorsAbi).toEqual([erc20InvalidReceiver, leaseNotActive])
    expect(generated.LeaseState).toEqual({ None: 0, Active: 1, Closed: 2 })
    expect(generated.Unused).toBeUndefined()
  })

  it('fails on an enum the ABIs use but no source declares, when strict', () => {
    writeArtifact('Marketplace', [leaseNotActive])
    rmSync(join(sourcesDir, 'Lease.sol'))
    const options = { artifactsDir, sourcesDir, outDir, contracts: ['Marketplace'] }
    expect(() => generate({ ...options, strict: true, ...quiet })).toThrow(/enum LeaseState/)
    const warnings = []
    generate({ ...options, log: () => {}, warn: (line) => warnings.push(line) })
    expect(warnings.join('\n')).toContain('LeaseState')
  })

  it('fails on a missing artifact when strict', () => {
    writeArtifact('HearthToken', [])
    expect(() =>
      generate({ artifactsDir, outDir, contracts: ['HearthToken', 'Auctions'], strict: true, ...quiet }),
    ).toThrow(AbiGenerationError)
  })

  it('rejects an artifact without bytecode', () => {
    mkdirSync(join(artifactsDir, 'HearthToken.sol'), { recursive: true })
    writeFileSync(join(artifactsDir, 'HearthToken.sol', 'HearthToken.json'), JSON.stringify({ abi: [] }))
    expect(() => generate({ artifactsDir, outDir, contracts: ['HearthToken'], ...quiet })).toThrow(
      /bytecode\.object/,
    )
  })

  it('removes modules of contracts that are no longer compiled and rewrites nothing when unchanged', () => {
    writeArtifact('HearthToken', [erc20InvalidReceiver])
    writeArtifact('Auctions', [leaseNotActive])
    const contracts = ['HearthToken', 'Auctions']
    generate({ artifactsDir, sourcesDir, outDir, contracts, ...quiet })
    expect(generate({ artifactsDir, sourcesDir, outDir, contracts, ...quiet }).changedFiles).toEqual([])

    rmSync(join(artifactsDir, 'Auctions.sol'), { recursive: true })
    const result = generate({ artifactsDir, sourcesDir, outDir, contracts, ...quiet })
    expect(readdirSync(outDir)).not.toContain('auctions.ts')
    expect(result.changedFiles.sort()).toEqual(['allErrors.ts', 'auctions.ts', 'enums.ts', 'index.ts'])
  })
})
