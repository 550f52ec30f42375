import {
  auctionsAbi,
  hearthTokenAbi,
  marketplaceAbi,
  providerRegistryAbi,
  testStablecoinAbi,
} from '@hearth/abi'
import type { EventArgs, HearthDeployment } from '@hearth/sdk'
import {
  type Abi,
  type AbiEvent,
  type AbiParameter,
  type Address,
  type ContractEventName,
  decodeAbiParameters,
  getAddress,
  type Hex,
  toEventSelector,
} from 'viem'
import { LogDecodeError } from '../errors.js'

/** A log as the indexer reads it from `eth_getLogs` (numbers decoded). */
export type RawLog = {
  address: Hex
  topics: readonly Hex[]
  data: Hex
  blockNumber: number
  blockHash: Hex
  logIndex: number
  transactionHash: Hex
  /** Unix seconds, when the node includes it in the log (anvil and recent geth do). */
  blockTimestamp?: number | undefined
}

/** Which protocol contract emitted an event. */
export type ContractKind = 'heat' | 'stablecoin' | 'registry' | 'marketplace' | 'auctions'

/** Where an event happened. */
export type EventLocation = {
  blockNumber: number
  blockHash: Hex
  logIndex: number
  txHash: Hex
  /** Unix seconds of its block (filled in by the follower when the log lacked it). */
  timestamp: number
  address: Address
}

type EventsOf<abi extends Abi, contract extends ContractKind> = {
  [name in ContractEventName<abi>]: EventLocation & {
    contract: contract
    name: name
    args: EventArgs<abi, name>
  }
}[ContractEventName<abi>]

/** A decoded protocol event, typed by contract and event name from the generated ABIs. */
export type IndexedEvent =
  | EventsOf<typeof hearthTokenAbi, 'heat'>
  | EventsOf<typeof testStablecoinAbi, 'stablecoin'>
  | EventsOf<typeof providerRegistryAbi, 'registry'>
  | EventsOf<typeof marketplaceAbi, 'marketplace'>
  | EventsOf<typeof auctionsAbi, 'auctions'>

type EventDecoder = {
  name: string
  inputs: readonly AbiParameter[]
  indexed: readonly AbiParameter[]
  data: readonly AbiParameter[]
}

/** Decodes the logs of one deployment's contracts. Build once, reuse for every batch. */
export type LogDecoder = {
  /** The contract addresses to ask `eth_getLogs` for. */
  addresses: readonly Address[]
  /**
   * Decodes `logs` (from the addresses above) in chain order. Logs of unknown events are skipped.
   * @throws {LogDecodeError} when a known event's data does not decode.
   */
  decode: (logs: readonly RawLog[]) => IndexedEvent[]
}

const abis: Record<ContractKind, Abi> = {
  heat: hearthTokenAbi,
  stablecoin: testStablecoinAbi,
  registry: providerRegistryAbi,
  marketplace: marketplaceAbi,
  auctions: auctionsAbi,
}

function decodersOf(abi: Abi): Map<Hex, EventDecoder> {
  const map = new Map<Hex, EventDecoder>()
  for (const item of abi) {
    if (item.type !== 'event' || item.anonymous) continue
    const event = item as AbiEvent
    map.set(toEventSelector(event), {
      name: event.name,
      inputs: event.inputs,
      indexed: event.inputs.filter((input) => input.indexed),
      data: event.inputs.filter((input) => !input.indexed),
    })
  }
  return map
}

/**
 * A decoder for the events of `deployment`'s contracts (HEAT, tUSD when present, the registry, the
 * marketplace and the auctions). It decodes with the ABIs' parameter lists directly: viem's
 * `decodeEventLog` hashes every event signature of the ABI for each log, too slow for bulk ingest.
 */
export function createLogDecoder(deployment: HearthDeployment): LogDecoder {
  const { contracts } = deployment
  const byAddress = new Map<string, { kind: ContractKind; events: Map<Hex, EventDecoder> }>()
  const add = (address: Address | undefined, kind: ContractKind) => {
    if (address) byAddress.set(address.toLowerCase(), { kind, events: decodersOf(abis[kind]) })
  }
  add(contracts.hearthToken, 'heat')
  add(contracts.testStablecoin, 'stablecoin')
  add(contracts.providerRegistry, 'registry')
  add(contracts.marketplace, 'marketplace')
  add(contracts.auctions, 'auctions')
  const addresses = [...byAddress.keys()].map((address) => getAddress(address))
  const checksummed = new Map(addresses.map((address) => [address.toLowerCase(), address]))

  const decode = (logs: readonly RawLog[]): IndexedEvent[] => {
    const events: IndexedEvent[] = []
    for (const log of logs) {
      const key = log.address.toLowerCase()
      const contract = byAddress.get(key)
      const selector = log.topics[0]
      if (!contract || selector === undefined) continue
      const decoder = contract.events.get(selector)
      if (!decoder) continue
      let args: Record<string, unknown>
      try {
        args = {}
        decoder.indexed.forEach((input, i) => {
          const topic = log.topics[i + 1]
          if (topic === undefined) throw new Error(`topic ${i + 1} is missing`)
          args[input.name ?? String(i)] = decodeAbiParameters([input], topic)[0]
        })
        if (decoder.data.length > 0) {
          const values = decodeAbiParameters(decoder.data, log.data)
          decoder.data.forEach((input, i) => {
            args[input.name ?? String(i)] = values[i]
          })
        }
      } catch (cause) {
        throw new LogDecodeError(`block ${log.blockNumber} log ${log.logIndex} (${decoder.name})`, cause)
      }
      events.push({
        contract: contract.kind,
        name: decoder.name,
        args,
        blockNumber: log.blockNumber,
        blockHash: log.blockHash,
        logIndex: log.logIndex,
        txHash: log.transactionHash,
        timestamp: log.blockTimestamp ?? -1,
        address: checksummed.get(key) ?? getAddress(log.address),
      } as IndexedEvent)
    }
    return events
  }
  return { addresses, decode }
}
