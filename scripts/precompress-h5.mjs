// Writes brotli (.br) and gzip (.gz) copies of the H5 build's text files, served by the BFF by Accept-Encoding.
// Usage: node scripts/precompress-h5.mjs [dir] (default miniapp/dist-h5; run by `npm run build:h5` after taro build)
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

const root = path.resolve(import.meta.dirname, '..')
const dir = path.resolve(process.argv[2] ?? path.join(root, 'miniapp', 'dist-h5'))
/** Files below this size are sent as they are (the BFF's on-the-fly threshold is the same). */
const MIN_BYTES = 1024
const TEXT_FILE = /\.(?:js|css|html|json|svg|txt|map|webmanifest)$/

function listFiles(folder) {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name)
    return entry.isDirectory() ? listFiles(full) : [full]
  })
}

if (!fs.existsSync(path.join(dir, 'index.html'))) {
  console.error(`precompress: no H5 build in ${dir}`)
  process.exit(1)
}

let originalBytes = 0
let brotliBytes = 0
let written = 0
for (const file of listFiles(dir)) {
  // Copies from an earlier run are rewritten (or removed when the file no longer qualifies).
  if (/\.(?:br|gz)$/.test(file)) {
    if (!fs.existsSync(file.slice(0, -3))) fs.rmSync(file)
    continue
  }
  for (const ext of ['.br', '.gz']) fs.rmSync(file + ext, { force: true })
  if (!TEXT_FILE.test(file)) continue
  const source = fs.readFileSync(file)
  if (source.length < MIN_BYTES) continue
  // Done once per build, so both at their strongest settings (brotli 11, gzip 9).
  const br = zlib.brotliCompressSync(source, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: source.length,
    },
  })
  const gz = zlib.gzipSync(source, { level: 9 })
  // A copy that is not smaller would only cost a header: the original is served instead.
  if (br.length < source.length) fs.writeFileSync(file + '.br', br)
  if (gz.length < source.length) fs.writeFileSync(file + '.gz', gz)
  originalBytes += source.length
  brotliBytes += Math.min(br.length, source.length)
  written += 1
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`
console.log(`precompress: ${written} files, ${kb(originalBytes)} → ${kb(brotliBytes)} brotli (${dir})`)
