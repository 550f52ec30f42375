import { Agent as HttpAgent, request as httpRequest } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'

/** The part of a fetch `Response` viem's HTTP transport reads. */
type RpcResponse = Pick<Response, 'ok' | 'status' | 'statusText' | 'headers' | 'body' | 'text' | 'json'>

const agents = {
  'http:': new HttpAgent({ keepAlive: true, maxSockets: 8 }),
  'https:': new HttpsAgent({ keepAlive: true, maxSockets: 8 }),
}

/**
 * A `fetch` for viem's `http()` transport (its `fetchFn`) on Node's own HTTP client with keep-alive
 * sockets. The agent asks its RPC node for the block number every poll, forever: the global `fetch`
 * (undici, web streams) costs several times the CPU per small JSON-RPC call, which was most of the
 * idle agent's CPU. Honours the abort signal (viem's timeout); the body is read whole (RPC answers
 * are small; viem caps their size).
 */
export function nodeHttpFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url)
  const send = url.protocol === 'https:' ? httpsRequest : url.protocol === 'http:' ? httpRequest : undefined
  if (!send) return Promise.reject(new TypeError(`unsupported RPC URL scheme ${url.protocol}`))
  const headers: Record<string, string> = {}
  new Headers(init.headers).forEach((value, key) => {
    headers[key] = value
  })
  const body = typeof init.body === 'string' ? init.body : undefined
  if (init.body != null && body === undefined)
    return Promise.reject(new TypeError('nodeHttpFetch sends string bodies only'))
  return new Promise((resolve, reject) => {
    const signal = init.signal ?? undefined
    if (signal?.aborted) return reject(signal.reason)
    const req = send(
      url,
      {
        method: init.method ?? 'GET',
        headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
        agent: agents[url.protocol as 'http:' | 'https:'],
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', reject)
        res.on('end', () => {
          signal?.removeEventListener('abort', onAbort)
          const text = Buffer.concat(chunks).toString('utf8')
          const responseHeaders = new Headers()
          for (const [key, value] of Object.entries(res.headers)) {
            if (typeof value === 'string') responseHeaders.set(key, value)
            else if (Array.isArray(value)) for (const item of value) responseHeaders.append(key, item)
          }
          const status = res.statusCode ?? 0
          const response: RpcResponse = {
            ok: status >= 200 && status < 300,
            status,
            statusText: res.statusMessage ?? '',
            headers: responseHeaders,
            body: null,
            text: async () => text,
            json: async () => JSON.parse(text),
          }
          resolve(response as Response)
        })
      },
    )
    const onAbort = () => req.destroy(signal?.reason instanceof Error ? signal.reason : new Error('aborted'))
    signal?.addEventListener('abort', onAbort, { once: true })
    req.on('error', (error) => {
      signal?.removeEventListener('abort', onAbort)
      reject(error)
    })
    req.end(body)
  })
}
