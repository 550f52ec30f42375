import { useEffect, useRef } from 'react'
import { apiBase } from './apiGet.js'

/**
 * Subscribes to a topic of the indexer's WebSocket (`/v1/ws`) and calls `onEvent` with each event's
 * data; reconnects after a drop. The REST reads stay the truth: events only say when to read again.
 */
export function useSubscription(topic: string | undefined, onEvent: (data: unknown) => void): void {
  const handler = useRef(onEvent)
  handler.current = onEvent
  useEffect(() => {
    if (!topic) return
    let socket: WebSocket | undefined
    let closed = false
    let retry: ReturnType<typeof setTimeout> | undefined
    let attempt = 0
    const open = () => {
      socket = new WebSocket(`${apiBase().replace(/^http/, 'ws')}/v1/ws`)
      socket.onopen = () => {
        attempt = 0
        socket?.send(JSON.stringify({ type: 'subscribe', topic }))
      }
      socket.onmessage = (event) => {
        try {
          const message = JSON.parse(String(event.data)) as { type?: string; topic?: string; data?: unknown }
          if (message.type === 'event' && message.topic === topic) handler.current(message.data)
        } catch {
          // Not JSON: not for us.
        }
      }
      socket.onclose = () => {
        if (closed) return
        attempt++
        retry = setTimeout(open, Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5)))
      }
    }
    open()
    return () => {
      closed = true
      if (retry) clearTimeout(retry)
      socket?.close()
    }
  }, [topic])
}
