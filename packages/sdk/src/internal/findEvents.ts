import {
  type Abi,
  type Address,
  type ContractEventName,
  isAddressEqual,
  type ParseEventLogsReturnType,
  parseEventLogs,
  type TransactionReceipt,
} from 'viem'
import { EventNotFoundError } from '../errors/EventNotFoundError.js'

/** The decoded arguments of `eventName`, typed from `abi`. */
export type EventArgs<abi extends Abi, eventName extends ContractEventName<abi>> = ParseEventLogsReturnType<
  abi,
  eventName,
  true
>[number]['args']

/** Every `eventName` event `address` emitted in `receipt`, decoded through `abi`, in log order. */
export function findEvents<const abi extends Abi, eventName extends ContractEventName<abi>>(
  receipt: TransactionReceipt,
  parameters: { abi: abi; eventName: eventName; address: Address },
): ParseEventLogsReturnType<abi, eventName, true> {
  const { abi, eventName, address } = parameters
  const logs = receipt.logs.filter((log) => isAddressEqual(log.address, address))
  return parseEventLogs({ abi, eventName, logs, strict: true })
}

/**
 * The first `eventName` event `address` emitted in `receipt`.
 * @throws {EventNotFoundError} when there is none.
 */
export function findEvent<const abi extends Abi, eventName extends ContractEventName<abi>>(
  receipt: TransactionReceipt,
  parameters: { abi: abi; eventName: eventName; address: Address },
): ParseEventLogsReturnType<abi, eventName, true>[number] {
  const [event] = findEvents(receipt, parameters)
  if (!event) {
    throw new EventNotFoundError({
      eventName: parameters.eventName,
      transactionHash: receipt.transactionHash,
    })
  }
  return event
}
