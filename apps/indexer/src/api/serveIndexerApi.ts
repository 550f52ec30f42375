import { readFile } from 'node:fs/promises'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { type CreateIndexerApiParameters, createIndexerApi, type IndexerApi } from './createIndexerApi.js'
import { serveConsole } from './serveConsole.js'

/** Parameters of {@link serveIndexerApi}. */
export type ServeIndexerApiParameters = Omit<CreateIndexerApiParameters, 'fallback'> & {
  /** Default 127.0.0.1. */
  host?: string | undefined
  /** 0: a free port. */
  port: number
  /** The console's static build; without one, `/` says the console is not built. */
  consoleDir?: string | undefined
  /**
   * A local network's deployment file with its dev keys (`hearth devnet` writes it), served at
   * `/devnet.json` so the console can sign with them. Only for a devnet: never give a real key file.
   */
  devnetFile?: string | undefined
}

/** The API listening on a port. */
export type ServedIndexerApi = {
  api: IndexerApi
  /** `http://host:port` (no trailing slash). */
  url: string
  port: number
  close: () => Promise<void>
}

/** Starts the indexer API (HTTP and WebSocket) and the console on a port. */
export async function serveIndexerApi(parameters: ServeIndexerApiParameters): Promise<ServedIndexerApi> {
  const { host = '127.0.0.1', port, consoleDir, devnetFile, ...rest } = parameters
  const staticFiles = serveConsole(consoleDir)
  const fallback = async (path: string): Promise<Response> => {
    if (path !== '/devnet.json' || devnetFile === undefined) return staticFiles(path)
    // Read on each request: the devnet adds to the file as it goes (the demo's image).
    const body = await readFile(devnetFile).catch(() => undefined)
    return body === undefined
      ? new Response('{"error":{"code":"not_found","message":"the devnet file is gone"}}', { status: 404 })
      : new Response(body, { headers: { 'content-type': 'application/json', 'cache-control': 'no-cache' } })
  }
  const api = createIndexerApi({ ...rest, fallback })
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: api.app.fetch, hostname: host, port }, () => resolve(s as Server))
    s.once('error', reject)
  })
  server.keepAliveTimeout = 65_000
  server.on('upgrade', api.upgrade)
  const bound = (server.address() as AddressInfo).port
  const shown = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host
  return {
    api,
    url: `http://${shown}:${bound}`,
    port: bound,
    async close() {
      api.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
