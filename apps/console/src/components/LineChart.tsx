import { useState } from 'react'
import { Empty } from './ui.js'

/** One line of a chart. */
export type ChartSeries = { name: string; points: { t: number; v: number }[] }

const palette = ['#f97316', '#2563eb', '#16a34a', '#9333ea', '#db2777', '#0891b2', '#ca8a04']

/** Ticks at round values covering [0, max]. */
function niceTicks(max: number, count = 4): number[] {
  if (max <= 0) return [0, 1]
  const raw = max / count
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw
  const ticks: number[] = []
  for (let v = 0; v <= max + step * 0.001; v += step) ticks.push(v)
  if ((ticks.at(-1) ?? 0) < max) ticks.push((ticks.at(-1) ?? 0) + step)
  return ticks
}

function timeLabel(t: number, span: number): string {
  const date = new Date(t * 1000)
  if (span > 2 * 86_400) return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })
  return date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })
}

/**
 * A time chart drawn as SVG: one line per series (steps when `step`), a filled area under a single
 * series, y axis from zero with round ticks, hover read-out.
 */
export function LineChart({
  series,
  format,
  unit,
  height = 180,
  step = false,
  emptyText = 'No data yet',
  title = 'chart',
}: {
  series: ChartSeries[]
  format: (v: number) => string
  unit?: string
  height?: number
  step?: boolean
  emptyText?: string
  title?: string
}) {
  const [hover, setHover] = useState<number>()
  const all = series.flatMap((s) => s.points)
  if (all.length === 0) return <Empty>{emptyText}</Empty>
  const width = 560
  const pad = { left: 56, right: 12, top: 10, bottom: 24 }
  let tMin = Math.min(...all.map((p) => p.t))
  let tMax = Math.max(...all.map((p) => p.t))
  if (tMin === tMax) {
    tMin -= 1800
    tMax += 1800
  }
  const ticks = niceTicks(Math.max(...all.map((p) => p.v)))
  const yMax = ticks.at(-1) ?? 1
  const x = (t: number) => pad.left + ((t - tMin) / (tMax - tMin)) * (width - pad.left - pad.right)
  const y = (v: number) => pad.top + (1 - v / yMax) * (height - pad.top - pad.bottom)
  const path = (points: { t: number; v: number }[]) =>
    points
      .map((p, i) => {
        const prev = points[i - 1]
        if (i === 0 || !prev) return `M${x(p.t)},${y(p.v)}`
        return step ? `H${x(p.t)}V${y(p.v)}` : `L${x(p.t)},${y(p.v)}`
      })
      .join('')
  const times = [...new Set(all.map((p) => p.t))].sort((a, b) => a - b)
  const xTicks = [tMin, (tMin + tMax) / 2, tMax]
  const hoverT = hover === undefined ? undefined : times[hover]

  return (
    <div className="chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={title}
        onMouseLeave={() => setHover(undefined)}
        onMouseMove={(event) => {
          const box = event.currentTarget.getBoundingClientRect()
          const t =
            tMin +
            ((((event.clientX - box.left) / box.width) * width - pad.left) / (width - pad.left - pad.right)) *
              (tMax - tMin)
          let best = 0
          times.forEach((candidate, i) => {
            if (Math.abs(candidate - t) < Math.abs((times[best] ?? 0) - t)) best = i
          })
          setHover(best)
        }}
      >
        <title>{title}</title>
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={pad.left} x2={width - pad.right} y1={y(tick)} y2={y(tick)} className="grid" />
            <text x={pad.left - 6} y={y(tick) + 4} textAnchor="end" className="axis">
              {format(tick)}
            </text>
          </g>
        ))}
        {xTicks.map((t, i) => (
          <text
            key={t}
            x={x(t)}
            y={height - 6}
            textAnchor={i === 0 ? 'start' : i === 2 ? 'end' : 'middle'}
            className="axis"
          >
            {timeLabel(t, tMax - tMin)}
          </text>
        ))}
        {series.length === 1 && series[0] && series[0].points.length > 1 && (
          <path
            d={`${path(series[0].points)}V${y(0)}H${x(series[0].points[0]?.t ?? tMin)}Z`}
            fill={palette[0]}
            opacity={0.12}
          />
        )}
        {series.map((s, i) => (
          <g key={s.name}>
            <path d={path(s.points)} fill="none" stroke={palette[i % palette.length]} strokeWidth={2} />
            {s.points.length <= 2 &&
              s.points.map((p) => (
                <circle key={p.t} cx={x(p.t)} cy={y(p.v)} r={3} fill={palette[i % palette.length]} />
              ))}
          </g>
        ))}
        {hoverT !== undefined && (
          <line x1={x(hoverT)} x2={x(hoverT)} y1={pad.top} y2={height - pad.bottom} className="cursor" />
        )}
      </svg>
      <div className="legend">
        {series.map((s, i) => {
          const point = hoverT === undefined ? s.points.at(-1) : s.points.find((p) => p.t === hoverT)
          return (
            <span key={s.name}>
              <i style={{ background: palette[i % palette.length] }} />
              {s.name}
              {point && (
                <b>
                  {' '}
                  {format(point.v)}
                  {unit ? ` ${unit}` : ''}
                </b>
              )}
            </span>
          )
        })}
        {hoverT !== undefined && (
          <span className="legend-time">{new Date(hoverT * 1000).toLocaleString('en-GB')}</span>
        )}
      </div>
    </div>
  )
}
