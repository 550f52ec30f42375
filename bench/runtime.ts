// Figures of the container runtime (packages/runtime): engine start, image builds, container start.
// Run with `npx tsx bench/runtime.ts [--debian]` (as root, like the tests). Prints figures; asserts nothing.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeBusyboxRootfs } from '../packages/runtime/src/ensureBusyboxImage.js'
import {
  createSandbox,
  ensureBusyboxImage,
  ensureDebianImage,
  ensureDocker,
  importRootfs,
  runJob,
} from '../packages/runtime/src/index.js'

const runs = 20
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}
const ms = (value: number) => `${value.toFixed(0)} ms`
const time = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const started = performance.now()
  const value = await fn()
  return [value, performance.now() - started]
}

const work = await mkdtemp(join(tmpdir(), 'hearth-bench-runtime-'))
const [engine, engineMs] = await time(() => ensureDocker())
console.log(
  `engine            ${engine.host} (${engine.source}, ${engine.startedByUs ? 'started' : 'found'} in ${ms(engineMs)})`,
)
const { docker } = engine
try {
  const [busybox] = await time(() => ensureBusyboxImage(docker))

  const imports: number[] = []
  for (let i = 0; i < 5; i++) {
    const rootfs = join(work, `rootfs-${i}`)
    await writeBusyboxRootfs('/bin/busybox', rootfs)
    const tag = `hearth/bench-import:${i}`
    const [, importMs] = await time(() => importRootfs(docker, rootfs, tag))
    imports.push(importMs)
    await docker.getImage(tag).remove()
  }
  console.log(`busybox import    median ${ms(median(imports))} over ${imports.length}`)

  const creates: number[] = []
  const starts: number[] = []
  for (let i = 0; i < runs; i++) {
    const [job, createMs] = await time(() =>
      createSandbox(docker, { image: busybox.tag, command: ['true'] }, { dir: join(work, `job-${i}`) }),
    )
    const [, startMs] = await time(() => job.start())
    creates.push(createMs)
    starts.push(createMs + startMs)
    await job.wait()
    await job.remove()
  }
  console.log(`container create  median ${ms(median(creates))} over ${runs}`)
  console.log(`container start   median ${ms(median(starts))} over ${runs} (create + start, no network)`)

  const portStarts: number[] = []
  for (let i = 0; i < 5; i++) {
    const [job, startMs] = await time(() =>
      runJob(
        docker,
        { image: busybox.tag, command: ['true'], ports: [{ containerPort: 8080 }] },
        { dir: join(work, `port-${i}`) },
      ),
    )
    portStarts.push(startMs)
    await job.wait()
    await job.remove()
  }
  console.log(
    `container start   median ${ms(median(portStarts))} over 5 (with its own bridge network and a port)`,
  )

  if (process.argv.includes('--debian')) {
    const [debian, debianMs] = await time(() => ensureDebianImage(docker, { packages: ['python3'] }))
    console.log(`debian + python3  ${debian.built ? 'built' : 'cached'} in ${ms(debianMs)} (${debian.tag})`)
  }
} finally {
  await engine.stop()
  await rm(work, { recursive: true, force: true })
}
