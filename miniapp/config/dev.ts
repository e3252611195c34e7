// Development overrides (taro build --watch sets NODE_ENV=development).
import type { UserConfigExport } from '@tarojs/cli'

export default {
  logger: { quiet: false, stats: true },
  mini: {},
  h5: {
    // The H5 dev server calls the same origin (TARO_APP_API_BASE=''), so hand /api to a local BFF
    // (its default port) the way the BFF itself serves the built H5 app in production.
    devServer: { proxy: [{ context: ['/api'], target: 'http://127.0.0.1:3000', changeOrigin: true }] },
  },
} satisfies UserConfigExport<'webpack5'>
