// H5 production build only (config/index.ts): zod and the shared schemas are kept out of what the home must load before
// its first screen (config/lazy-zod.js says how; docs/offline.md, The first screen).
import fs from 'node:fs'
import path from 'node:path'
import type WebpackChain from 'webpack-chain'
import type { Compiler } from 'webpack'

const SOURCE_DIR = path.resolve(__dirname, '..', 'src')
/** The page Taro opens when the URL names none; the only one that loads without zod. */
const HOME_PAGE = path.join(SOURCE_DIR, 'pages', 'index', 'index.tsx')
const LAZY_ZOD = path.resolve(__dirname, 'lazy-zod.js')
const ZOD_INSTALL = path.resolve(__dirname, 'zod-install.js')
const NAME = 'cw-schemas-ready'

/** Every page module of the app (src/routes.ts lists them, as '/<folder>/…/index'), as absolute file names. */
function pageFiles(): Set<string> {
  const routes = fs.readFileSync(path.join(SOURCE_DIR, 'routes.ts'), 'utf8')
  const files = [...routes.matchAll(/'(\/[\w/-]+\/index)'/g)].map((m) => path.join(SOURCE_DIR, `${m[1]}.tsx`))
  return new Set(files.filter((file) => fs.existsSync(file)))
}

/** Points `@/services/schemas-ready` at lazy-zod.js, whose `schemasReady` waits for (and loads) zod. */
class SchemasReadyFromLazyZod {
  apply(compiler: Compiler): void {
    compiler.hooks.normalModuleFactory.tap(NAME, (factory) => {
      factory.hooks.beforeResolve.tap(NAME, (data) => {
        if (/^(?:@\/services|\.)\/schemas-ready(?:\.ts)?$/.test(data.request)) data.request = LAZY_ZOD
      })
    })
  }
}

/**
 * zod in a chunk of its own (`zod`, shared by every page that needs it) instead of the entry; every page but the home
 * imports it before its own modules (zod-before-page.js); the request wrapper waits for it before validating.
 */
export function loadZodApart(chain: WebpackChain, schemaDirs: string[]): void {
  const pages = pageFiles()
  pages.delete(HOME_PAGE)
  if (pages.size < 10) throw new Error(`h5-zod: found only ${pages.size} pages in src/routes.ts`)
  chain.module
    .rule('cw-zod-before-page')
    .test(/\.tsx$/)
    .include.add((file: string) => pages.has(file))
    .end()
    .enforce('post')
    .use('cw-zod-before-page')
    .loader(path.resolve(__dirname, 'zod-before-page.js'))
  chain.module
    .rule('cw-zod-members')
    .test(ZOD_INSTALL)
    .use('cw-zod-members')
    .loader(path.resolve(__dirname, 'zod-members.js'))
    .options({ dirs: schemaDirs })
  chain.plugin(NAME).use(SchemasReadyFromLazyZod)
  // Taro splits only the initial chunks (`chunks: 'initial'`); without this group each page chunk would carry a copy.
  const split = chain.optimization.get('splitChunks') ?? {}
  chain.optimization.splitChunks({
    ...split,
    cacheGroups: {
      ...split.cacheGroups,
      zod: {
        name: 'zod',
        test: (module: { resource?: string }) =>
          /[\\/]node_modules[\\/]zod[\\/]/.test(module.resource ?? '') || module.resource === ZOD_INSTALL,
        chunks: 'async',
        priority: 200,
        enforce: true,
      },
    },
  })
}
