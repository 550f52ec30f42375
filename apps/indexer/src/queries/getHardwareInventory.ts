import { type Kysely, sql } from 'kysely'
import type { Database } from '../db/schema.js'

/** GPUs of one model in one region. */
export type GpuGroup = { model: string; region: string; gpus: number; providers: number }

/** CPU cores in one region. */
export type CpuGroup = { region: string; cpuCores: number; providers: number }

/** The registered providers' hardware, grouped as an explorer's supply page shows it. */
export type HardwareInventory = { gpus: GpuGroup[]; cpus: CpuGroup[] }

/** GPUs by model and region, CPU cores by region, over registered providers (sorted by name). */
export async function getHardwareInventory(db: Kysely<Database>): Promise<HardwareInventory> {
  const gpus = await db
    .selectFrom('providers')
    .select([
      'gpu_model as model',
      'region',
      sql<number>`cast(sum(gpu_count) as bigint)`.as('gpus'),
      sql<number>`cast(count(*) as bigint)`.as('providers'),
    ])
    .where('status', '=', 'registered')
    .where('gpu_count', '>', 0)
    .groupBy(['gpu_model', 'region'])
    .orderBy('gpu_model')
    .orderBy('region')
    .execute()
  const cpus = await db
    .selectFrom('providers')
    .select([
      'region',
      sql<number>`cast(sum(cpu_cores) as bigint)`.as('cpuCores'),
      sql<number>`cast(count(*) as bigint)`.as('providers'),
    ])
    .where('status', '=', 'registered')
    .groupBy('region')
    .orderBy('region')
    .execute()
  return { gpus, cpus }
}
