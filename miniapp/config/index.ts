// Taro build configuration shared by the weapp and h5 targets; see https://docs.taro.zone/docs/config
import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import type WebpackChain from 'webpack-chain'
import devConfig from './dev'
import { tuneH5Loading } from './h5-loading'
import { loadZodApart } from './h5-zod'
import prodConfig from './prod'

// Workspace packages ship TypeScript source, so webpack must run them through Babel like our own code.
// Resolving through node_modules gives the real path (packages/domain), which is what webpack sees.
const domainDir = path.dirname(require.resolve('@cunwu/domain/package.json'))
const workspaceSources = [domainDir]

// @cunwu/domain is pure (no I/O, no module-level effects) but does not declare `sideEffects: false`;
// saying so here lets webpack drop the parts of its barrel a page does not import (e.g. catalog data),
// which matters for the 2 MB main-package limit.
function markDomainPure(chain: WebpackChain): void {
  chain.module.rule('cunwu-domain-pure').test(/\.ts$/).include.add(domainDir).end().set('sideEffects', false)
}

const schemaDirs = [path.join(domainDir, 'src'), path.resolve(__dirname, '..', 'src', 'services', 'api')]

/**
 * H5 production: the top-level zod schemas of @cunwu/domain and src/services/api are built on first use instead of
 * while their modules load (lazy-schemas.js; docs/offline.md, The first screen). Run after Babel (`enforce: 'post'`).
 */
function buildSchemasLazily(chain: WebpackChain): void {
  chain.module
    .rule('cw-lazy-schemas')
    .test(/\.ts$/)
    .include.merge(schemaDirs)
    .end()
    .exclude.add(/\.test\.ts$/)
    .end()
    .enforce('post')
    .use('cw-lazy-schemas')
    .loader(path.resolve(__dirname, 'lazy-schemas.js'))
}

export default defineConfig<'webpack5'>(async (merge) => {
  const isH5 = process.env.TARO_ENV === 'h5'
  // TARO_APP_API_BASE comes from the shell or miniapp/.env*; '' means "same origin", which is how the BFF
  // serves the H5 build. A mini-program has no origin, so a weapp build without it cannot reach the BFF.
  const apiBase = process.env.TARO_APP_API_BASE ?? ''
  if (!isH5 && apiBase === '') {
    console.warn(
      '[miniapp] TARO_APP_API_BASE is empty: the weapp build needs an absolute https URL to call the BFF.',
    )
  }

  // The production H5 build runs on Preact (preact/compat stands in for react and react-dom; Taro's framework plugin
  // sets the aliases): about 32 KB less brotli on every first load (docs/offline.md, The first screen). weapp and the
  // H5 dev server (fast refresh) stay on React.
  const preact = isH5 && process.env.NODE_ENV !== 'development'

  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'cunwu-miniapp',
    date: '2026-1-1',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // Separate folders so an H5 build never overwrites the mini-program that WeChat DevTools opens. CW_H5_OUTPUT puts
    // an H5 build elsewhere (to compare two builds with `npm run bench:web -- --h5 <dir>` without touching dist-h5).
    outputRoot: isH5 ? (process.env.CW_H5_OUTPUT ?? 'dist-h5') : 'dist',
    plugins: [],
    // The service worker exists only in a production H5 build (scripts/h5-service-worker.mjs writes it afterwards).
    defineConstants: {
      __API_BASE__: JSON.stringify(apiBase),
      __SERVICE_WORKER__: JSON.stringify(isH5 && process.env.NODE_ENV !== 'development'),
    },
    alias: { '@': path.resolve(__dirname, '..', 'src') },
    copy: { patterns: [], options: {} },
    framework: preact ? 'preact' : 'react',
    compiler: 'webpack5',
    // Persistent webpack cache (node_modules/.cache): warm rebuilds take a fraction of a cold one.
    // Taro invalidates it on config/index and src/app.config, whose content does not change when a page is added to
    // routes.ts (app.config takes its page list from there): routes.ts is named too, or a new page is left out of a
    // warm build.
    cache: {
      enable: true,
      buildDependencies: {
        routes: [path.join(__dirname, '..', 'src', 'routes.ts')],
        // The loader's output is cached with the modules it transforms: a change to it must rebuild them.
        lazySchemas: [path.join(__dirname, 'lazy-schemas.js')],
        zod: ['zod-before-page.js', 'zod-members.js', 'h5-zod.ts', 'lazy-zod.js'].map((f) =>
          path.join(__dirname, f),
        ),
      },
    },
    mini: {
      compile: { include: workspaceSources },
      webpackChain: markDomainPure,
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile: { include: workspaceSources },
      webpackChain(chain) {
        markDomainPure(chain)
        tuneH5Loading(chain)
        if (preact) buildSchemasLazily(chain)
        // zod in a chunk of its own, which the home loads only after its first screen (h5-zod.ts).
        if (preact) loadZodApart(chain, schemaDirs)
        // Taro's component wrappers and Preact disagree on aria-* booleans and numbers: preact-taro-aria.js.
        if (preact) chain.entry('app').prepend(path.resolve(__dirname, 'preact-taro-aria.js'))
      },
      output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'js/[name].[chunkhash:8].js' },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
      // The default binds 0.0.0.0; keep the dev server on this machine.
      devServer: { host: '127.0.0.1', port: 10086 },
    },
  }
  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig)
  }
  return merge({}, baseConfig, prodConfig)
})
