// Node-only entry of @hearth/sdk (`@hearth/sdk/node`): runs a local anvil node.
export { AnvilNotFoundError } from './AnvilNotFoundError.js'
export { AnvilStartError } from './AnvilStartError.js'
export { resolveAnvilBinary } from './resolveAnvilBinary.js'
export {
  type AnvilAccount,
  type StartAnvilErrorType,
  type StartAnvilParameters,
  type StartAnvilReturnType,
  startAnvil,
} from './startAnvil.js'
