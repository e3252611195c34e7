// H5 production build only (h5-zod.ts): a webpack loader that writes the module zod-install.js stands for. It hands
// lazy-zod.js an object with the members of zod's `z` that the code behind it uses (`z.object`, `z.string`…), read
// from the sources lazy-schemas.js transforms. Handing over `z` itself would make webpack keep all of zod (its
// locales, JSON Schema tools…: 80 KB brotli instead of about 24), since it could no longer see which members are read;
// lazy-schemas.js makes sure `z` is only ever used as `z.<name>` there.
const fs = require('node:fs')
const path = require('node:path')

const LAZY_ZOD = require.resolve('./lazy-zod.js')

function sourceFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(file)
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [file] : []
  })
}

/**
 * The members of `z` the files under `dirs` name (`z.<name>`, outside comments) that zod's `z` has at run time. A
 * type written as `z.core.…` would also count: take types from zod's named exports instead (`import type { core }`).
 */
function usedMembers(dirs) {
  const { z } = require('zod')
  const names = new Set()
  for (const file of dirs.flatMap(sourceFiles)) {
    // Comments are not code: a `z.config(…)` in a doc comment must not hand over zod's config (and its core).
    const code = fs
      .readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/(^|[^:\\])\/\/.*$/gm, '$1')
    // `z` and its member may stand on two lines (prettier writes `z\n  .url(…)` in a long chain).
    for (const match of code.matchAll(/\bz\s*\.\s*([A-Za-z_$][\w$]*)/g)) names.add(match[1])
  }
  return [...names].filter((name) => name in z).sort()
}

module.exports = function zodMembers() {
  const { dirs } = this.getOptions()
  for (const dir of dirs) this.addContextDependency(dir)
  const members = usedMembers(dirs)
  return [
    "import { z } from 'zod'",
    `import { installZod } from ${JSON.stringify(LAZY_ZOD)}`,
    `installZod({ ${members.map((name) => `${name}: z.${name}`).join(', ')} })`,
    '',
  ].join('\n')
}
module.exports.usedMembers = usedMembers
