// The agent runs from a bundle: one minified ESM build of apps/provider with its dependencies, made
// by esbuild on first use and again whenever a source file changes. A long-lived daemon loaded through
// tsx (every module transpiled in the process, every dependency loaded whole) idled at ~150 MB RSS;
// bundled, tree-shaken and split per command it needs about half that.
//
// dist/current.json names the build in use and the source files it was made from; a build goes to a
// fresh folder and current.json is replaced atomically, so agents starting at the same time never read
// a half-written bundle. HEARTH_PROVIDER_TSX=1 skips the bundle (runs the TypeScript through tsx).
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const appRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const repoRoot = resolve(appRoot, '..', '..')
const dist = join(appRoot, 'dist')
const pointer = join(dist, 'current.json')
/** Old builds are removed after a day (an agent started from one may still load its chunks). */
const keepOldBuildsMs = 24 * 60 * 60 * 1000

// Loaded from node_modules at run time rather than bundled: native add-ons and their loaders, and
// optional accelerators `ws` looks for.
const external = /^(cpu-features|ssh2|bufferutil|utf-8-validate|docker-modem\/lib\/ssh\.js)(\/|$)/

/** The build in use when every source file it was made from is unchanged since, else undefined. */
function currentBuild() {
  let current
  try {
    current = JSON.parse(readFileSync(pointer, 'utf8'))
  } catch {
    return undefined
  }
  try {
    for (const input of current.inputs) {
      if (statSync(join(repoRoot, input)).mtimeMs > current.builtAt) return undefined
    }
    statSync(join(dist, current.dir, 'bin.mjs'))
  } catch {
    return undefined
  }
  return current
}

/** esbuild plugin: keeps `external` out of the bundle; docker-modem's SSH support loads on use. */
const dependencies = {
  name: 'hearth-dependencies',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      external.test(args.path) ? { path: args.path, external: true } : undefined,
    )
    // docker-modem requires ssh2 (12 MB) at load for ssh:// hosts only: defer it to the first use.
    build.onResolve({ filter: /^\.\/ssh$/ }, (args) =>
      args.importer.includes(`${join('docker-modem', 'lib')}`)
        ? { path: 'lazy-docker-modem-ssh', namespace: 'hearth' }
        : undefined,
    )
    build.onLoad({ filter: /.*/, namespace: 'hearth' }, () => ({
      contents: `module.exports = (options) => require('docker-modem/lib/ssh.js')(options)`,
      loader: 'js',
    }))
    // `import.meta.url` in our sources means "this source file": keep that meaning in the bundle
    // (assets next to the source, e.g. the benchmark's C file, are found where they are).
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes('node_modules')) return undefined
      const source = readFileSync(args.path, 'utf8')
      if (!source.includes('import.meta.url')) return undefined
      return {
        contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
        loader: 'ts',
      }
    })
  },
}

/** Builds the bundle into a new folder and points current.json at it. */
async function buildBundle() {
  const { build } = await import('esbuild')
  const builtAt = Date.now()
  const dir = `build-${builtAt}-${process.pid}`
  const result = await build({
    absWorkingDir: repoRoot,
    entryPoints: { bin: join(appRoot, 'src', 'bin.ts') },
    outdir: join(dist, dir),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    keepNames: true,
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'silent',
    plugins: [dependencies],
    // CommonJS dependencies inside an ES module bundle need `require`.
    banner: {
      js: "import { createRequire as __hearthRequire } from 'node:module'; const require = __hearthRequire(import.meta.url);",
    },
  })
  // Our sources, and the lock file for the dependencies (a changed dependency changes the lock).
  const inputs = Object.keys(result.metafile.inputs)
    .filter((input) => !input.startsWith('hearth:') && !input.includes('node_modules'))
    .map((input) => relative(repoRoot, resolve(repoRoot, input)))
  inputs.push('package-lock.json')
  mkdirSync(dist, { recursive: true })
  const temporary = `${pointer}.${process.pid}`
  writeFileSync(temporary, JSON.stringify({ dir, builtAt, inputs }))
  renameSync(temporary, pointer)
  for (const entry of readdirSync(dist)) {
    const match = /^build-(\d+)-\d+$/.exec(entry)
    if (match && entry !== dir && builtAt - Number(match[1]) > keepOldBuildsMs)
      rmSync(join(dist, entry), { recursive: true, force: true })
  }
  return { dir }
}

/**
 * Loads the provider CLI's entry module: from the bundle (built or rebuilt first when needed), or
 * through tsx when HEARTH_PROVIDER_TSX=1 or the bundle cannot be built.
 * @returns The module exporting `runProviderCli`.
 */
export async function loadProviderCli() {
  if (process.env.HEARTH_PROVIDER_TSX !== '1') {
    try {
      const build = currentBuild() ?? (await buildBundle())
      return await import(pathToFileURL(join(dist, build.dir, 'bin.mjs')).href)
    } catch (error) {
      process.stderr.write(
        `hearth provider: could not build the agent bundle (${error instanceof Error ? error.message : error}); running the sources through tsx\n`,
      )
    }
  }
  const { tsImport } = await import('tsx/esm/api')
  return tsImport('../src/bin.ts', import.meta.url)
}
