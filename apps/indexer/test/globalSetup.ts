import type {} from 'vitest'
import type { TestProject } from 'vitest/node'
import { startThrowawayPostgres, type ThrowawayPostgres } from './throwawayPostgres.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** `postgres://…/postgres` of the throwaway cluster the indexer's tests create databases in. */
    indexerPostgresUrl: string
  }
}

let cluster: ThrowawayPostgres | undefined

/** Starts a throwaway PostgreSQL cluster (installing Debian's postgresql when missing). */
export async function setup(project: TestProject): Promise<void> {
  cluster = await startThrowawayPostgres()
  project.provide('indexerPostgresUrl', cluster.url('postgres'))
}

/** Stops the cluster and removes its data. */
export async function teardown(): Promise<void> {
  await cluster?.stop()
}
