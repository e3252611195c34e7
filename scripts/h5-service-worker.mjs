// Generates the H5 app's service worker (miniapp/dist-h5/sw.js) with Workbox: the app shell is precached and the
// page chunks are kept as they are opened, so a page read once opens without a network (docs/offline.md).
// Usage: node scripts/h5-service-worker.mjs [dir] (default miniapp/dist-h5; run by `npm run build:h5`)
import fs from 'node:fs'
import path from 'node:path'
import { generateSW } from 'workbox-build'

const root = path.resolve(import.meta.dirname, '..')
const dir = path.resolve(process.argv[2] ?? path.join(root, 'miniapp', 'dist-h5'))
const indexPath = path.join(dir, 'index.html')
if (!fs.existsSync(indexPath)) {
  console.error(`service worker: no H5 build in ${dir}`)
  process.exit(1)
}

// The shell is what index.html loads itself (the entry scripts and styles); page chunks load on demand and are
// kept at runtime, so the first visit does not download every page of the app in the background.
const html = fs.readFileSync(indexPath, 'utf8')
const shell = [...html.matchAll(/(?:src|href)="\/((?:js|css)\/[^"]+)"/g)].map((m) => m[1])

const { count, size, warnings } = await generateSW({
  globDirectory: dir,
  globPatterns: ['index.html', ...shell],
  swDest: path.join(dir, 'sw.js'),
  // One file: the BFF serves sw.js with no-cache, and a separate workbox-<hash>.js would be one more request.
  inlineWorkboxRuntime: true,
  mode: 'production',
  sourcemap: false,
  // Hashed names change with their content, so Workbox need not add its own revision to them.
  dontCacheBustURLsMatching: /\.[0-9a-f]{8,}\./,
  // Hash routing: every page is index.html; the API is never answered by the worker (services/request.ts keeps
  // what may be read offline, per person).
  navigateFallback: '/index.html',
  navigateFallbackDenylist: [/^\/api\//],
  cleanupOutdatedCaches: true,
  skipWaiting: true,
  clientsClaim: true,
  runtimeCaching: [
    {
      urlPattern: ({ url, sameOrigin }) => sameOrigin && /^\/(?:js|css)\//.test(url.pathname),
      handler: 'CacheFirst',
      options: {
        // utils/h5-service-worker.ts (CHUNK_CACHE) adds the chunks of the first visit to this same cache.
        cacheName: 'cw-chunks',
        expiration: { maxEntries: 120, maxAgeSeconds: 30 * 24 * 3600 },
        cacheableResponse: { statuses: [200] },
      },
    },
  ],
})
for (const warning of warnings) console.warn(`service worker: ${warning}`)
console.log(
  `service worker: sw.js precaches ${count} files (${(size / 1024).toFixed(1)} KB before compression)`,
)
