import type { Kysely, Selectable } from 'kysely'
import type { Database, ProvidersTable } from '../db/schema.js'

/** Options of {@link listProviders}: filters and keyset pagination (by address). */
export type ListProvidersParameters = {
  region?: string
  gpuModel?: string
  /** Rows at most (1–1000). Default 100. */
  limit?: number
  /** Return providers whose address sorts after this one (the last of the previous page). */
  after?: string
}

/** Registered providers with hardware, stake and reputation, by address. */
export async function listProviders(
  db: Kysely<Database>,
  parameters: ListProvidersParameters = {},
): Promise<Selectable<ProvidersTable>[]> {
  let query = db.selectFrom('providers').selectAll()
  if (parameters.region !== undefined) query = query.where('region', '=', parameters.region)
  if (parameters.gpuModel !== undefined) query = query.where('gpu_model', '=', parameters.gpuModel)
  if (parameters.after !== undefined) query = query.where('address', '>', parameters.after)
  const limit = Math.min(1000, Math.max(1, parameters.limit ?? 100))
  return query.orderBy('address').limit(limit).execute()
}
