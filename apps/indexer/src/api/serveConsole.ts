import { existsSync, statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { extname, join, resolve, sep } from 'node:path'

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
}

/**
 * Serves the console's static build from `dir`: a file when the path names one, else `index.html`
 * (the console routes in the browser). When `dir` has no `index.html`, a short page says so.
 */
export function serveConsole(dir: string | undefined): (path: string) => Promise<Response> {
  const root = dir === undefined ? undefined : resolve(dir)
  return async (path) => {
    if (root === undefined || !existsSync(join(root, 'index.html'))) {
      return new Response(
        `Hearth indexer API\n\nThe console is not built${root ? ` (no ${join(root, 'index.html')})` : ''}: run \`npm run build --workspace @hearth/console\`, or pass --console-dir.\nThe API: /v1/stats, /v1/providers, /v1/markets, /v1/leases, /v1/orders; described at /openapi.json.\n`,
        { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' } },
      )
    }
    let file = resolve(root, `.${decodeURIComponent(path)}`)
    if (file !== root && !file.startsWith(root + sep)) file = join(root, 'index.html')
    if (!existsSync(file) || !statSync(file).isFile()) file = join(root, 'index.html')
    const body = await readFile(file)
    const immutable = file.includes(`${sep}assets${sep}`)
    return new Response(body, {
      headers: {
        'content-type': types[extname(file)] ?? 'application/octet-stream',
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      },
    })
  }
}
