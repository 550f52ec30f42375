import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nodeHttpFetch } from './nodeHttpFetch.js'

let server: Server
let url: string

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/hang') return // never answers
    let body = ''
    req.on('data', (chunk) => {
      body += chunk
    })
    req.on('end', () => {
      res.writeHead(req.url === '/fail' ? 500 : 200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ method: req.method, type: req.headers['content-type'], body }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

describe('nodeHttpFetch', () => {
  it('posts the body with its headers and reads the answer', async () => {
    const response = await nodeHttpFetch(`${url}/rpc`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"id":1}',
    })
    expect(response.ok).toBe(true)
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(await response.json()).toEqual({ method: 'POST', type: 'application/json', body: '{"id":1}' })
  })

  it('reports an error status without throwing', async () => {
    const response = await nodeHttpFetch(`${url}/fail`, { method: 'POST', body: 'x' })
    expect(response.ok).toBe(false)
    expect(response.status).toBe(500)
  })

  it('gives up when the signal aborts (viem’s timeout)', async () => {
    const controller = new AbortController()
    const pending = nodeHttpFetch(`${url}/hang`, { signal: controller.signal })
    setTimeout(() => controller.abort(new Error('timed out')), 50)
    await expect(pending).rejects.toThrow('timed out')
  })

  it('fails on a refused connection and on an unsupported scheme', async () => {
    await expect(nodeHttpFetch('http://127.0.0.1:1/')).rejects.toThrow(/ECONNREFUSED/)
    await expect(nodeHttpFetch('ws://127.0.0.1:1/')).rejects.toThrow('unsupported RPC URL scheme ws:')
  })
})
