import { useEffect, useState } from 'react'

/** A page of the console, from the URL's hash (`#/leases/7`). */
export type Route =
  | { page: 'explorer' }
  | { page: 'deploy' }
  | { page: 'lease'; id: string }
  | { page: 'provider'; address: string }
  | { page: 'not-found'; path: string }

/** Parses a hash into a route. */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/'
  const parts = path.split('/').filter(Boolean)
  if (parts.length === 0) return { page: 'explorer' }
  if (parts[0] === 'deploy' && parts.length === 1) return { page: 'deploy' }
  if (parts[0] === 'leases' && parts[1]) return { page: 'lease', id: parts[1] }
  if (parts[0] === 'providers' && parts[1]) return { page: 'provider', address: parts[1] }
  return { page: 'not-found', path }
}

/** The current route, following hash changes (the static build needs no server routes). */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash))
  useEffect(() => {
    const onChange = () => {
      setRoute(parseRoute(window.location.hash))
      window.scrollTo(0, 0)
    }
    window.addEventListener('hashchange', onChange)
    return () => window.removeEventListener('hashchange', onChange)
  }, [])
  return route
}
