// H5 production build only (config/index.ts): zod itself comes in a chunk of its own instead of in the entry script.
//
// The home's first screen needs no API answer, so nothing on it needs zod before it paints; with zod in the entry its
// download (about 24 KB brotli) and evaluation came first anyway. In the H5 build:
// - the modules of @cunwu/domain and src/services/api import `z` from here (lazy-schemas.js rewrites their
//   `import { z } from 'zod'`), and their schemas are lazy (lazy-schema.js), so loading them needs no zod;
// - every page except the home imports zod-install.js before its own imports (zod-before-page.js), which puts zod in
//   the page's chunk group: it loads with the page (the route-preload script fetches it alongside the entry for the
//   main-package pages) and is installed here before the page's code runs, so a form that validates synchronously
//   works as before;
// - services/request.ts (and upload.ts) wait for `schemasReady()` before validating an answer: that swaps in for
//   src/services/schemas-ready.ts, and on the home it loads zod after the first screen has been painted. Every answer
//   is still validated with the same schemas before a page sees it.
// The same load starts after the page's `load` event whatever asks for it, so zod is there (and kept by the service
// worker) before anything on the home could want it.
let zod = null
let loading = null

/** Makes `namespace` (zod's `z`, or the members of it the schemas use) what `z` below hands out (zod-install.js). */
export function installZod(namespace) {
  zod = namespace
}

function loaded() {
  if (!zod) throw new Error('zod was used before its chunk loaded (miniapp/config/lazy-zod.js)')
  return zod
}

/** Stands in for `z`: every property read goes to zod's namespace, which must have been installed by then. */
export const z = new Proxy(
  {},
  {
    get: (_target, key) => Reflect.get(loaded(), key),
    has: (_target, key) => Reflect.has(loaded(), key),
  },
)

// After the frame that shows the page's first screen has been painted (the next frame's callback, then a task), so
// neither zod's download nor its evaluation comes before that paint; at most 500 ms, since a page in a background
// tab gets no animation frames and its requests would wait for them.
function afterPaint() {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 500)
    requestAnimationFrame(() =>
      requestAnimationFrame(() =>
        setTimeout(() => {
          clearTimeout(timer)
          resolve()
        }, 0),
      ),
    )
  })
}

/**
 * Null when zod is installed; otherwise a promise that resolves once it is (starting its load after the next paint
 * the first time). A failed load (offline) rejects, and the next call tries again.
 */
export function schemasReady() {
  if (zod) return null
  if (!loading) {
    loading = afterPaint()
      // zod-install.js installs the members of `z` the schemas use (zod-members.js says why not all of `z`).
      .then(() => import('./zod-install.js'))
      .catch((err) => {
        loading = null
        throw err
      })
  }
  return loading
}

if (typeof window !== 'undefined') {
  const start = () =>
    void schemasReady()?.catch(() => {
      // Offline: the next request tries again.
    })
  if (document.readyState === 'complete') start()
  else window.addEventListener('load', start, { once: true })
}
