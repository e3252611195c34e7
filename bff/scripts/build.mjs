// Builds the BFF for production: bff/dist/index.js (the entry), bff/dist/table-import.worker.js (the worker
// thread that parses spreadsheets), bff/dist/cunwu-mongo.js (the embedded engine, run as its own process) and
// bff/dist/speech-host.js (the process that runs the speech programs), plain ES modules with source maps,
// runnable with `node bff/dist/index.js` without a TypeScript loader. The workspace packages (@cunwu/*) are TypeScript sources, so they are bundled in;
// every npm dependency stays external and is loaded from node_modules as usual (native modules such as lmdb and
// @node-rs/jieba cannot be bundled). Both files sit in one folder because the parser finds its worker next to
// itself (imports/table-import-parser.ts), and two levels below the repository root as the sources do
// (config.ts finds data/ and miniapp/dist-h5 from there).
import { build } from 'esbuild'
import fs from 'node:fs'
import path from 'node:path'

const bff = path.resolve(import.meta.dirname, '..')
const root = path.resolve(bff, '..')
const outdir = path.join(bff, 'dist')

/** The npm dependencies of the BFF and of the workspace packages it bundles: loaded at run time, not bundled. */
function externals() {
  const names = new Set()
  const manifests = [path.join(bff, 'package.json')]
  for (const dir of fs.readdirSync(path.join(root, 'packages')))
    manifests.push(path.join(root, 'packages', dir, 'package.json'))
  for (const file of manifests) {
    if (!fs.existsSync(file)) continue
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8'))
    for (const deps of [pkg.dependencies, pkg.devDependencies, pkg.optionalDependencies]) {
      for (const name of Object.keys(deps ?? {})) if (!name.startsWith('@cunwu/')) names.add(name)
    }
  }
  return [...names].flatMap((name) => [name, `${name}/*`])
}

fs.rmSync(outdir, { recursive: true, force: true })
const started = Date.now()
await build({
  entryPoints: {
    index: path.join(bff, 'src/index.ts'),
    'table-import.worker': path.join(bff, 'src/imports/table-import.worker.ts'),
    // The poster worker (posters/poster-workers.ts finds it next to itself, like the parser's).
    'poster.worker': path.join(bff, 'src/posters/poster.worker.ts'),
    // The embedded engine's command line, which the entry starts as the database process (database-process.ts).
    'cunwu-mongo': path.join(root, 'packages/embedded-mongo/src/cli.ts'),
    // The speech host: the small process that starts espeak-ng and lame (clients/speech/hosted.synthesizer.ts).
    'speech-host': path.join(bff, 'src/clients/speech/speech-host.ts'),
    // The setup command of a new install (`node bff/dist/setup.js`, README.md "A new county").
    setup: path.join(bff, 'src/setup.ts'),
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  external: externals(),
  // Bundled CommonJS helpers (if any) need require in an ES module.
  banner: {
    js: "import { createRequire as __cunwuCreateRequire } from 'node:module'; const require = __cunwuCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
})
console.log(`bff/dist built in ${Date.now() - started} ms`)
