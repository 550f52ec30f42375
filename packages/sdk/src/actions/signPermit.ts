import { hearthTokenAbi } from '@hearth/abi'
import {
  type Account,
  type Address,
  type Chain,
  type Client,
  type Hex,
  parseSignature,
  type Transport,
} from 'viem'
import { getBlock, readContract, signTypedData } from 'viem/actions'
import type { ReadErrorType } from '../errors/types.js'
import { guard } from '../internal/guard.js'
import { readEip712Domain } from '../internal/readEip712Domain.js'

/** Parameters of {@link signPermit}. */
export type SignPermitParameters = {
  /** The ERC-20 with EIP-2612 permit (HEAT, tUSD, USDC, …). */
  token: Address
  /** Who may spend. */
  spender: Address
  /** How much, in the token's base units. */
  value: bigint
  /** Unix time after which the permit is void; default: one hour after the latest block. */
  deadline?: bigint | undefined
}

/** What {@link signPermit} returns. */
export type SignPermitReturnType = {
  owner: Address
  spender: Address
  value: bigint
  nonce: bigint
  deadline: bigint
  /** The 65-byte signature. */
  signature: Hex
  /** The signature split as `permit(owner, spender, value, deadline, v, r, s)` takes it. */
  v: number
  r: Hex
  s: Hex
}

/** What {@link signPermit} can throw. */
export type SignPermitErrorType = ReadErrorType

/**
 * Signs an EIP-2612 permit with the client's account, letting `spender` spend `value` of `token`
 * once someone submits it with `permit(…)`. Reads the token's EIP-712 domain and the owner's nonce.
 *
 * @param client A client with an account that can sign typed data.
 * @param parameters Token, spender, value and deadline.
 * @returns The signed permit.
 */
export async function signPermit(
  client: Client<Transport, Chain | undefined, Account>,
  parameters: SignPermitParameters,
): Promise<SignPermitReturnType> {
  const { token, spender, value } = parameters
  const owner = client.account.address
  const [domain, nonce, deadline] = await Promise.all([
    readEip712Domain(client, token),
    guard('nonces', () =>
      readContract(client, { abi: hearthTokenAbi, address: token, functionName: 'nonces', args: [owner] }),
    ),
    parameters.deadline ?? guard('getBlock', () => getBlock(client)).then((block) => block.timestamp + 3600n),
  ])
  const signature = await guard('signTypedData', () =>
    signTypedData(client, {
      account: client.account,
      domain,
      types: {
        Permit: [
          { name: 'owner', type: 'address' },
          { name: 'spender', type: 'address' },
          { name: 'value', type: 'uint256' },
          { name: 'nonce', type: 'uint256' },
          { name: 'deadline', type: 'uint256' },
        ],
      },
      primaryType: 'Permit',
      message: { owner, spender, value, nonce, deadline },
    }),
  )
  const { r, s, v, yParity } = parseSignature(signature)
  return { owner, spender, value, nonce, deadline, signature, v: Number(v ?? BigInt(yParity + 27)), r, s }
}
