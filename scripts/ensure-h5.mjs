// Builds the H5 app when miniapp/dist-h5 is missing or older than its sources. Usage: node scripts/ensure-h5.mjs [--force]
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const index = path.join(root, 'miniapp', 'dist-h5', 'index.html')
const sources = ['miniapp/src', 'miniapp/config', 'packages/domain/src'].map((d) => path.join(root, d))

function newestMtime(dir) {
  let newest = 0
  if (!fs.existsSync(dir)) return newest
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs)
  }
  return newest
}

const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0
const stale = Math.max(...sources.map(newestMtime)) > built
if (!process.argv.includes('--force') && built && !stale) {
  console.log('H5 build is up to date.')
  process.exit(0)
}
console.log(built ? 'H5 sources changed: rebuilding…' : 'No H5 build yet: building (about 20-40 s)…')
const r = spawnSync('npm', ['run', 'build:h5', '-w', 'miniapp'], { cwd: root, stdio: 'inherit' })
process.exit(r.status ?? 1)
