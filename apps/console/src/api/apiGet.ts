import { ApiError } from './ApiError.js'

/** Where the API lives: the page's own origin (the indexer serves the console), or `?api=` for development. */
export function apiBase(): string {
  const param = new URLSearchParams(window.location.search).get('api')
  return (param ?? window.location.origin).replace(/\/$/, '')
}

/**
 * GETs a path of the indexer API and returns its JSON.
 * @throws {ApiError} with the API's code and message, or `unreachable` when no answer came.
 */
export async function apiGet<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response
  try {
    response = await fetch(`${apiBase()}${path}`, {
      signal: signal ?? null,
      headers: { accept: 'application/json' },
    })
  } catch (error) {
    if (signal?.aborted) throw error
    throw new ApiError('unreachable', `The indexer API at ${apiBase()} did not answer.`, 0)
  }
  const text = await response.text()
  let body: unknown
  try {
    body = text ? JSON.parse(text) : undefined
  } catch {
    throw new ApiError(
      'bad_response',
      `${path} answered ${response.status} with something that is not JSON.`,
      response.status,
    )
  }
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error
    throw new ApiError(
      error?.code ?? `http_${response.status}`,
      error?.message ?? `${path} answered ${response.status} ${response.statusText}`,
      response.status,
    )
  }
  return body as T
}
