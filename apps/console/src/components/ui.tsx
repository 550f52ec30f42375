import type { ReactNode } from 'react'

/** A titled panel. */
export function Card({
  title,
  actions,
  children,
  className,
}: {
  title?: ReactNode
  actions?: ReactNode
  children: ReactNode
  className?: string
}) {
  return (
    <section className={`card ${className ?? ''}`}>
      {(title || actions) && (
        <header className="card-head">
          {title && <h2>{title}</h2>}
          {actions && <div className="card-actions">{actions}</div>}
        </header>
      )}
      {children}
    </section>
  )
}

/** One figure with its label and unit. */
export function Stat({
  label,
  value,
  unit,
  hint,
}: {
  label: string
  value: ReactNode
  unit?: string
  hint?: ReactNode
}) {
  return (
    <div className="stat">
      <div className="stat-label">{label}</div>
      <div className="stat-value">
        {value}
        {unit && <span className="stat-unit"> {unit}</span>}
      </div>
      {hint && <div className="stat-hint">{hint}</div>}
    </div>
  )
}

/** A coloured state label. */
export function Badge({
  tone,
  children,
}: {
  tone: 'green' | 'blue' | 'grey' | 'red' | 'amber'
  children: ReactNode
}) {
  return <span className={`badge badge-${tone}`}>{children}</span>
}

/** What a failed read or action says, in one box. */
export function ErrorBox({
  title,
  message,
  onRetry,
}: {
  title?: string
  message: string
  onRetry?: () => void
}) {
  return (
    <div className="error-box" role="alert">
      <strong>{title ?? 'Something went wrong'}</strong>
      <span>{message}</span>
      {onRetry && (
        <button type="button" className="button small" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  )
}

/** An empty list or chart, saying why. */
export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>
}

/** A loading placeholder. */
export function Loading({ what }: { what: string }) {
  return <div className="loading">Loading {what}…</div>
}

/** An address, shortened, with the full one on hover. */
export function AddressText({ address, href }: { address: string; href?: string }) {
  const text = `${address.slice(0, 6)}…${address.slice(-4)}`
  return href ? (
    <a className="mono" href={href} title={address}>
      {text}
    </a>
  ) : (
    <span className="mono" title={address}>
      {text}
    </span>
  )
}

/** A state badge for a lease. */
export function LeaseStateBadge({ state }: { state: string }) {
  const tone =
    state === 'active' || state === 'running'
      ? 'green'
      : state === 'failed'
        ? 'red'
        : state === 'starting' || state === 'awaiting-spec'
          ? 'amber'
          : 'grey'
  return <Badge tone={tone}>{state}</Badge>
}
