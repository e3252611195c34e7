// Mini-program main-package size check (usage: `node scripts/size.mjs` or `npm run size`): builds weapp if miniapp/dist is missing, fails above 2 MB.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** WeChat refuses to upload a main package larger than 2 MB (2 × 1024 × 1024 bytes). */
const MAIN_PACKAGE_LIMIT = 2 * 1024 * 1024
const TOP_N = 10

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const dist = path.join(root, 'miniapp', 'dist')
const appJsonPath = path.join(dist, 'app.json')

if (!existsSync(appJsonPath)) {
  console.log('miniapp/dist is missing: building weapp first…')
  const build = spawnSync('npm', ['run', 'build:weapp', '-w', 'miniapp'], { cwd: root, stdio: 'inherit' })
  if (build.status !== 0 || !existsSync(appJsonPath)) {
    console.error('size: the weapp build failed')
    process.exit(1)
  }
}

/** Lists every file below `dir` as paths relative to `dist`, with their sizes in bytes. */
function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return listFiles(full)
    return [{ file: path.relative(dist, full).split(path.sep).join('/'), bytes: statSync(full).size }]
  })
}

const appJson = JSON.parse(readFileSync(appJsonPath, 'utf8'))
// Both spellings are valid in app.json; each subpackage's `root` is a folder relative to dist.
const subpackageRoots = [...(appJson.subPackages ?? []), ...(appJson.subpackages ?? [])].map(
  (pkg) => String(pkg.root).replace(/^\/+|\/+$/g, '') + '/',
)
const isInSubpackage = (file) => subpackageRoots.some((rootDir) => file.startsWith(rootDir))

const files = listFiles(dist)
const main = files.filter((f) => !isInSubpackage(f.file))
const mainBytes = main.reduce((sum, f) => sum + f.bytes, 0)
const subBytes = files.reduce((sum, f) => sum + f.bytes, 0) - mainBytes

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`
const pct = ((mainBytes / MAIN_PACKAGE_LIMIT) * 100).toFixed(1)
console.log(`main package: ${kb(mainBytes)} in ${main.length} files (${pct}% of the 2 MB limit)`)
if (subpackageRoots.length > 0) {
  console.log(`subpackages (${subpackageRoots.join(', ')}): ${kb(subBytes)}`)
}
console.log(`largest main-package files:`)
for (const f of [...main].sort((a, b) => b.bytes - a.bytes).slice(0, TOP_N)) {
  console.log(`  ${kb(f.bytes).padStart(10)}  ${f.file}`)
}

if (mainBytes > MAIN_PACKAGE_LIMIT) {
  console.error(`size: main package ${kb(mainBytes)} is over WeChat's 2 MB limit`)
  process.exit(1)
}
