import { describe, expect, it } from 'vitest'
import { parseDeployment, serializeDeployment } from './deployment.js'
import { DeploymentParseError } from './errors/DeploymentParseError.js'

const json = {
  chainId: 31337,
  deployBlock: '12',
  contracts: {
    hearthToken: '0x5fbdb2315678afecb367f032d93f642f64180aa3',
    providerRegistry: '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0',
    marketplace: '0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9',
    auctions: '0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9',
    marketLens: '0x5FC8d32690cc91D4c39d9d3abcBD16989F875707',
  },
  treasury: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  markets: [
    {
      id: 1,
      name: 'rtx-4090 (HEAT)',
      gpuModel: 'rtx-4090',
      token: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    },
  ],
}

describe('parseDeployment', () => {
  it('types the JSON: bigint block, checksummed addresses, no stablecoin key when absent', () => {
    const deployment = parseDeployment(json)
    expect(deployment.deployBlock).toBe(12n)
    expect(deployment.contracts.hearthToken).toBe('0x5FbDB2315678afecb367f032d93F642f64180aa3')
    expect('testStablecoin' in deployment.contracts).toBe(false)
    expect(parseDeployment(JSON.parse(serializeDeployment(deployment)))).toEqual(deployment)
  })

  it('lists every problem', () => {
    const bad = {
      ...json,
      chainId: -1,
      contracts: { ...json.contracts, marketplace: '0x1234' },
      markets: [{}],
    }
    const error = (() => {
      try {
        return parseDeployment(bad)
      } catch (caught) {
        return caught
      }
    })()
    expect(error).toBeInstanceOf(DeploymentParseError)
    const lines = (error as DeploymentParseError).metaMessages
    expect(lines).toContain('contracts.marketplace: Invalid address')
    expect(lines.some((line) => line.startsWith('chainId:'))).toBe(true)
    expect(lines.some((line) => line.startsWith('markets.0.id:'))).toBe(true)
  })
})
