import { hearthTokenAbi } from '@hearth/abi'
import type { Address, Chain, Client, Hex, Transport, TypedDataDomain } from 'viem'
import { readContract } from 'viem/actions'
import { guard } from './guard.js'

/**
 * Reads a contract's EIP-712 domain through EIP-5267 (`eip712Domain()`), keeping only the fields the
 * contract says it uses, so that the domain separator matches the contract's.
 */
export async function readEip712Domain(
  client: Client<Transport, Chain | undefined>,
  address: Address,
): Promise<TypedDataDomain> {
  const [fields, name, version, chainId, verifyingContract, salt] = await guard('eip712Domain', () =>
    readContract(client, { abi: hearthTokenAbi, address, functionName: 'eip712Domain' }),
  )
  const used = Number.parseInt(fields.slice(2), 16)
  const domain: { -readonly [key in keyof TypedDataDomain]: TypedDataDomain[key] } = {}
  if (used & 0x01) domain.name = name
  if (used & 0x02) domain.version = version
  if (used & 0x04) domain.chainId = Number(chainId)
  if (used & 0x08) domain.verifyingContract = verifyingContract
  if (used & 0x10) domain.salt = salt as Hex
  return domain
}
