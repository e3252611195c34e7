// The H5 build's loading path (docs/offline.md, The first screen): the chunks of the page being opened are fetched
// in parallel with the entry script instead of after it, and a polyfill every supported browser has is left out.
import { createHash } from 'node:crypto'
import path from 'node:path'
import type WebpackChain from 'webpack-chain'
import type { Compiler } from 'webpack'

const SOURCE_DIR = path.resolve(__dirname, '..', 'src')
// Main-package pages (src/pages/<name>/index.tsx), where people land: the home, a disclosure from a link, search…
const MAIN_PAGE = /[\\/]src[\\/]pages[\\/]([\w-]+)[\\/]index\.tsx$/
/** The route Taro opens when the URL has none (the first page of app.config). */
const HOME_ROUTE = 'pages/index/index'
const NAME = 'cw-route-preload'

/**
 * The early request of a disclosure opened from a link (src/services/early-answer.ts takes its answer): the same URL
 * and token the page's `getDisclosure` sends, the token as `services/session.ts` keeps it (Taro H5 wraps stored values
 * as `{ data }`). None when the session is due for a refresh (within the 30 s margin session.ts keeps): the app
 * refreshes first and would send another token. Variables: r the route, s the hash's query string.
 */
const EARLY_DISCLOSURE = `if(r==='pages/disclosure/index'&&window.fetch&&window.URLSearchParams){var p=new URLSearchParams(s),id=p.get('id');if(id&&!p.get('version')){var t=null,ok=true;try{var v=JSON.parse(localStorage.getItem('cw.session')||'null');v=v&&v.data;if(v&&typeof v.accessToken==='string'){t=v.accessToken;ok=v.expiresAt>Date.now()+30000}}catch(e){}if(ok){var u='/api/v1/disclosures/'+encodeURIComponent(id),h={Accept:'application/json'};if(t)h.Authorization='Bearer '+t;window.__cwEarly={url:u,token:t,answer:fetch(u,{headers:h}).then(function(a){return a.text().then(function(x){return{status:a.status,text:x}})})['catch'](function(){return null})}}}}`

/**
 * The browser side: reads the route from the hash, adds `<link rel="preload">` for that page's chunks, and for a
 * disclosure starts its data request.
 */
function preloadScript(chunksByRoute: Record<string, string[]>): string {
  return `(function(){var m=${JSON.stringify(chunksByRoute)};var q=location.hash.replace(/^#\\/?/,'').split('?');var r=q[0]||${JSON.stringify(HOME_ROUTE)},s=q.slice(1).join('?');var f=m[r]||[];for(var i=0;i<f.length;i++){var l=document.createElement('link');l.rel='preload';l.href=f[i];l.as=/\\.css$/.test(f[i])?'style':'script';document.head.appendChild(l)}${EARLY_DISCLOSURE}})();\n`
}

/**
 * Taro's router loads a page's chunks only after the entry script has downloaded and run. This plugin writes a tiny
 * script, loaded from index.html before the entry, that preloads the chunks of the page in the URL (the home when
 * there is none), so they download alongside the entry: one round trip less before the first screen on a slow
 * network. The map from route to files is built from webpack's chunk groups, so it always names this build's files.
 * For a disclosure the script also starts the page's data request (EARLY_DISCLOSURE), which then no longer waits for
 * the code either.
 */
class PreloadRouteChunks {
  apply(compiler: Compiler): void {
    const { Compilation, sources } = compiler.webpack
    compiler.hooks.thisCompilation.tap(NAME, (compilation) => {
      // After html-webpack-plugin has written index.html (it does so at OPTIMIZE_INLINE).
      compilation.hooks.processAssets.tap(
        { name: NAME, stage: Compilation.PROCESS_ASSETS_STAGE_SUMMARIZE },
        () => {
          const html = compilation.getAsset('index.html')
          if (!html) return
          const publicPath = String(compilation.outputOptions.publicPath ?? '/')
          const chunksByRoute: Record<string, string[]> = {}
          for (const group of compilation.chunkGroups) {
            const chunks = group.chunks.filter((chunk) => !chunk.canBeInitial())
            let route: string | undefined
            for (const chunk of chunks) {
              for (const module of compilation.chunkGraph.getChunkModulesIterable(chunk)) {
                const file = module.nameForCondition() ?? ''
                const match = file.startsWith(SOURCE_DIR) ? MAIN_PAGE.exec(file) : null
                if (match) route = `pages/${match[1]}/index`
              }
            }
            if (!route) continue
            const files = chunks.flatMap((chunk) => [...chunk.files]).filter((f) => /\.(?:js|css)$/.test(f))
            chunksByRoute[route] = [
              ...new Set([...(chunksByRoute[route] ?? []), ...files.map((f) => publicPath + f)]),
            ]
          }
          if (Object.keys(chunksByRoute).length === 0) return
          const code = preloadScript(chunksByRoute)
          const hash = createHash('sha256').update(code).digest('hex').slice(0, 8)
          const file = `js/route-preload.${hash}.js`
          compilation.emitAsset(file, new sources.RawSource(code))
          // A plain (blocking) script: it is tiny, and the entry scripts are `defer`, already found by the preload scanner.
          const tag = `<script src="${publicPath}${file}"></script>`
          const source = html.source.source().toString()
          compilation.updateAsset(
            'index.html',
            new sources.RawSource(source.replace('</head>', `${tag}</head>`)),
          )
        },
      )
    })
  }
}

const TARO_H5_DIR = path.dirname(require.resolve('@tarojs/taro-h5/package.json'))
const TARO_PREVIEW_IMAGE = path.join(TARO_H5_DIR, 'dist', 'api', 'media', 'image', 'previewImage.js')
const LAZY_PREVIEW_IMAGE = path.resolve(__dirname, 'lazy-preview-image.js')

/**
 * Points @tarojs/taro-h5's own imports of its previewImage module at `lazy-preview-image.js`, which loads the real
 * one (through the alias `cw-taro-preview-image`, which this does not touch) when an image is first opened.
 */
class LazyPreviewImage {
  apply(compiler: Compiler): void {
    compiler.hooks.normalModuleFactory.tap('cw-lazy-preview-image', (factory) => {
      factory.hooks.beforeResolve.tap('cw-lazy-preview-image', (data) => {
        if (/(?:^|\/)previewImage\.js$/.test(data.request) && data.context.startsWith(TARO_H5_DIR)) {
          data.request = LAZY_PREVIEW_IMAGE
        }
      })
    })
  }
}

const DISCLOSURE_PAGE_DIR = path.join(SOURCE_DIR, 'pages', 'disclosure')
const BELOW_FOLD = path.join(DISCLOSURE_PAGE_DIR, 'below-fold.ts')
const LAZY_BELOW_FOLD = path.resolve(__dirname, 'lazy-below-fold.js')

/**
 * Points the disclosure page's import of `./below-fold` (the parts under its first screen) at `lazy-below-fold.js`,
 * which loads them (through the alias `cw-disclosure-below-fold`, which this does not touch) after the page renders.
 */
class LazyBelowFold {
  apply(compiler: Compiler): void {
    compiler.hooks.normalModuleFactory.tap('cw-lazy-below-fold', (factory) => {
      factory.hooks.beforeResolve.tap('cw-lazy-below-fold', (data) => {
        if (/^\.\/below-fold(?:\.ts)?$/.test(data.request) && data.context === DISCLOSURE_PAGE_DIR) {
          data.request = LAZY_BELOW_FOLD
        }
      })
    })
  }
}

/** Applies the H5 loading-path changes to Taro's webpack chain. */
export function tuneH5Loading(chain: WebpackChain): void {
  chain.plugin(NAME).use(PreloadRouteChunks)
  chain.plugin('cw-lazy-preview-image').use(LazyPreviewImage)
  chain.resolve.alias.set('cw-taro-preview-image$', TARO_PREVIEW_IMAGE)
  chain.plugin('cw-lazy-below-fold').use(LazyBelowFold)
  chain.resolve.alias.set('cw-disclosure-below-fold$', BELOW_FOLD)
  // The user-agent parser behind Taro.getDeviceInfo runs when it is first read, not while the entry loads.
  chain.resolve.alias.set('platform$', path.resolve(__dirname, 'lazy-platform.js'))
  chain.resolve.alias.set('cw-platform$', require.resolve('platform'))
  // @tarojs/taro-h5 imports the whatwg-fetch polyfill for its side effect; every browser the H5 build targets
  // (package.json browserslist: fully supports ES modules) has fetch, so it is replaced by an empty module.
  chain.resolve.alias.set('whatwg-fetch$', path.resolve(__dirname, 'empty-module.js'))
  // The same for its AbortController polyfill (every target browser has AbortController), and the JSONP library
  // behind Taro.request({ jsonp }), which the app never uses (jsonp-unsupported.js says so if it ever is).
  chain.resolve.alias.set(
    'abortcontroller-polyfill/dist/abortcontroller-polyfill-only$',
    path.resolve(__dirname, 'empty-module.js'),
  )
  chain.resolve.alias.set('jsonp-retry$', path.resolve(__dirname, 'jsonp-unsupported.js'))
}
