// Node-only entry of @hearth/sdk (`@hearth/sdk/node`): runs a local anvil node, reads and writes
// keystores, loads the signing account, downloads a lease's results to disk.
export { AnvilNotFoundError } from './AnvilNotFoundError.js'
export { AnvilStartError } from './AnvilStartError.js'
export { decryptKeystore } from './decryptKeystore.js'
export { deriveKeystoreKey } from './deriveKeystoreKey.js'
export {
  type DownloadResultsParameters,
  type DownloadResultsReturnType,
  downloadResults,
} from './downloadResults.js'
export { type EncryptKeystoreOptions, encryptKeystore } from './encryptKeystore.js'
export { InvalidPrivateKeyError } from './InvalidPrivateKeyError.js'
export { KeystoreFileError } from './KeystoreFileError.js'
export { KeystoreFormatError } from './KeystoreFormatError.js'
export { KeystorePasswordError } from './KeystorePasswordError.js'
export { KeystorePasswordRequiredError } from './KeystorePasswordRequiredError.js'
export {
  type LoadAccountErrorType,
  type LoadAccountParameters,
  type LoadAccountReturnType,
  loadAccount,
} from './loadAccount.js'
export { type KeystoreV3, parseKeystore } from './parseKeystore.js'
export { promptPassword } from './promptPassword.js'
export {
  type DeploymentFile,
  DeploymentFileError,
  readDeploymentFile,
} from './readDeploymentFile.js'
export { readKeystoreFile } from './readKeystoreFile.js'
export { resolveAnvilBinary } from './resolveAnvilBinary.js'
export { type CommandLineIo, runCommandLine } from './runCommandLine.js'
export {
  type AnvilAccount,
  type StartAnvilErrorType,
  type StartAnvilParameters,
  type StartAnvilReturnType,
  startAnvil,
} from './startAnvil.js'
export { writeKeystoreFile } from './writeKeystoreFile.js'
