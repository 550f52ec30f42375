import type { Address } from 'viem'
import { formatUnits } from 'viem'
import { BaseError } from './BaseError.js'

/** The account holds less of a token than an action needs: says both amounts. */
export class InsufficientBalanceError extends BaseError {
  override name = 'InsufficientBalanceError'
  readonly account: Address
  readonly token: Address
  /** What the account holds, in base units. */
  readonly balance: bigint
  /** What the action needs, in base units. */
  readonly required: bigint

  /**
   * @param parameters Account, token (with its symbol and decimals for the message) and both amounts.
   */
  constructor(parameters: {
    account: Address
    token: Address
    symbol: string
    decimals: number
    balance: bigint
    required: bigint
    what: string
  }) {
    const { account, token, symbol, decimals, balance, required, what } = parameters
    const amount = (value: bigint) => `${formatUnits(value, decimals)} ${symbol}`
    super(
      `Not enough ${symbol}: ${what} needs ${amount(required)}, ${account} holds ${amount(balance)} (short by ${amount(required - balance)}).`,
    )
    this.account = account
    this.token = token
    this.balance = balance
    this.required = required
  }
}
