import { hearthTokenAbi } from '@hearth/abi'
import {
  type Account,
  type Address,
  type Chain,
  type Client,
  encodeFunctionData,
  erc20Abi,
  type Hash,
  maxUint256,
  type Transport,
} from 'viem'
import { readContract } from 'viem/actions'
import { signPermit } from '../actions/signPermit.js'
import { guard } from './guard.js'
import { sendHearthTransaction } from './sendHearthTransaction.js'

/**
 * How a write action that pulls tokens gets the allowance it needs, when the current one is too small:
 * - `exact`: approve exactly the amount (the default);
 * - `unlimited`: approve the maximum once, so later calls need no approval;
 * - `permit`: sign an EIP-2612 permit and submit it (the token must support permit);
 * - `none`: do nothing (the call then reverts with `ERC20InsufficientAllowance` unless approved).
 */
export type ApprovalMode = 'exact' | 'unlimited' | 'permit' | 'none'

/**
 * Makes sure `spender` may pull `amount` of `token` from the client's account.
 * @returns The hash of the approve or permit transaction, or undefined when none was needed.
 */
export async function ensureAllowance(
  client: Client<Transport, Chain | undefined, Account>,
  parameters: { token: Address; spender: Address; amount: bigint; mode?: ApprovalMode | undefined },
): Promise<Hash | undefined> {
  const { token, spender, amount, mode = 'exact' } = parameters
  if (mode === 'none' || amount === 0n) return undefined
  const owner = client.account.address
  const allowance = await guard('allowance', () =>
    readContract(client, {
      abi: erc20Abi,
      address: token,
      functionName: 'allowance',
      args: [owner, spender],
    }),
  )
  if (allowance >= amount) return undefined
  if (mode === 'permit') {
    const permit = await signPermit(client, { token, spender, value: amount })
    const data = encodeFunctionData({
      abi: hearthTokenAbi,
      functionName: 'permit',
      args: [owner, spender, amount, permit.deadline, permit.v, permit.r, permit.s],
    })
    return (await sendHearthTransaction(client, { to: token, data, operation: 'ERC20.permit' })).hash
  }
  const value = mode === 'unlimited' ? maxUint256 : amount
  const data = encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [spender, value] })
  return (await sendHearthTransaction(client, { to: token, data, operation: 'ERC20.approve' })).hash
}
