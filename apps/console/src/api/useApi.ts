import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiError } from './ApiError.js'
import { apiGet } from './apiGet.js'

/** The state of one API read. */
export type ApiState<T> = {
  data: T | undefined
  error: ApiError | undefined
  loading: boolean
  reload: () => void
}

/**
 * Reads `path` from the indexer API, again every `refreshMs` (and on `reload`), keeping the last good
 * answer on screen while a refresh runs. `path` undefined reads nothing.
 */
export function useApi<T>(path: string | undefined, refreshMs = 0): ApiState<T> {
  const [data, setData] = useState<T>()
  const [error, setError] = useState<ApiError>()
  const [loading, setLoading] = useState(path !== undefined)
  const [tick, setTick] = useState(0)
  const current = useRef(path)
  current.current = path

  // biome-ignore lint/correctness/useExhaustiveDependencies: tick re-runs the read on purpose
  useEffect(() => {
    if (path === undefined) return
    const controller = new AbortController()
    setLoading(true)
    apiGet<T>(path, controller.signal).then(
      (value) => {
        if (current.current !== path) return
        setData(value)
        setError(undefined)
        setLoading(false)
      },
      (reason: unknown) => {
        if (controller.signal.aborted) return
        setError(reason instanceof ApiError ? reason : new ApiError('failed', String(reason), 0))
        setLoading(false)
      },
    )
    return () => controller.abort()
  }, [path, tick])

  useEffect(() => {
    if (!refreshMs || path === undefined) return
    const timer = setInterval(() => setTick((t) => t + 1), refreshMs)
    return () => clearInterval(timer)
  }, [refreshMs, path])

  const reload = useCallback(() => setTick((t) => t + 1), [])
  return { data, error, loading, reload }
}
