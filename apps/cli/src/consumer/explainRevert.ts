import { ContractRevertError, type HearthDeployment, type HearthErrorName, LeaseState } from '@hearth/sdk'
import { formatUnits } from 'viem'

/** What a command knows that makes a revert readable: the lease's token, the deployment's markets. */
export type RevertContext = {
  token?: { symbol: string; decimals: number } | undefined
  deployment?: HearthDeployment | undefined
}

/**
 * The common contract reverts a consumer meets, in words (token amounts in whole units when the token
 * is known): `lease 5 is already closed` rather than `LeaseNotActive(lease: 5, state: 2)`.
 * @param error Anything a command threw.
 * @param context The token and deployment, when the command knows them.
 * @returns One line, or undefined when the error is not one of them (it keeps its decoded form).
 */
export function explainRevert(error: unknown, context: RevertContext = {}): string | undefined {
  if (!(error instanceof ContractRevertError)) return undefined
  const { token, deployment } = context
  const revert: ContractRevertError = error
  // `is` narrows the class itself, so each check reads through its own cast.
  const as = <name extends HearthErrorName>(name: name) =>
    revert.errorName === name ? (revert as ContractRevertError<name>) : undefined
  const amount = (value: bigint) =>
    token ? `${formatUnits(value, token.decimals)} ${token.symbol}` : `${value} base units`
  const notActive = as('LeaseNotActive')
  if (notActive) {
    const { lease, state } = notActive.namedArgs
    return state === LeaseState.Closed ? `lease ${lease} is already closed` : `lease ${lease} is not active`
  }
  const noLease = as('LeaseNotFound')
  if (noLease) return `there is no lease ${noLease.namedArgs.lease}`
  const noMarket = as('MarketNotFound')
  if (noMarket) {
    const markets = deployment?.markets.map((m) => `${m.id} ${m.name}`).join(', ')
    return `there is no market ${noMarket.namedArgs.market}${markets ? ` (markets: ${markets})` : ''}`
  }
  const paused = as('MarketIsPaused')
  if (paused) return `market ${paused.namedArgs.market} is paused`
  const tooSmall = as('DepositTooSmall')
  if (tooSmall) {
    const { deposit, minimum } = tooSmall.namedArgs
    return `${amount(deposit)} is less than the minimum ${revert.operation.endsWith('topUp') ? 'top-up' : 'deposit'} ${amount(minimum)}`
  }
  const notWhole = as('DepositNotWholeSeconds')
  if (notWhole) {
    const { deposit, pricePerSecond } = notWhole.namedArgs
    return `${amount(deposit)} is not a whole number of seconds at ${amount(pricePerSecond)} per second`
  }
  if (as('AmountZero')) return 'the amount must be more than 0'
  const tooLarge = as('AmountTooLarge')
  if (tooLarge) {
    const { amount: value, max } = tooLarge.namedArgs
    return `${amount(value)} is more than the most allowed, ${amount(max)}`
  }
  const notParty = as('CallerNotLeaseParty') ?? as('CallerNotProvider')
  if (notParty) return `lease ${notParty.namedArgs.lease} is not yours (you are ${notParty.namedArgs.caller})`
  const aboveMax = as('PriceAboveMax')
  if (aboveMax) {
    const { pricePerSecond, maxPricePerSecond } = aboveMax.namedArgs
    return `the price ${amount(pricePerSecond * 3600n)}/h is above the spec's maxPrice ${amount(maxPricePerSecond * 3600n)}/h`
  }
  const noOrder = as('OrderNotFound')
  if (noOrder) return `there is no order ${noOrder.namedArgs.order}`
  const closed = as('BiddingClosed')
  if (closed) return `bidding on order ${closed.namedArgs.order} has closed`
  return undefined
}
