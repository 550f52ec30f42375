import { toHearthError } from '../errors/toHearthError.js'

/**
 * Runs `request` and turns whatever it throws into a Hearth error (decoded revert or wrapped failure).
 * @param operation What is being done, e.g. `Marketplace.getLease`, for the error message.
 * @param request The viem call.
 */
export async function guard<result>(operation: string, request: () => Promise<result>): Promise<result> {
  try {
    return await request()
  } catch (error) {
    throw toHearthError(error, { operation })
  }
}
