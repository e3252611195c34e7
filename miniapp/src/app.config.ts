import { appPages } from './routes'

// App-wide pages and window settings. The page lists come from routes.ts, the one list of pages: `pages/` is
// the main package (the pages everyone opens); each role's own features live in a subpackage (`secretary/`,
// `pay/`…) so the main package stays far below WeChat's 2 MB limit and villagers never download them.
// This file is evaluated by the Taro CLI at build time (bundled with its imports), not shipped as code.
export default defineAppConfig({
  ...appPages(),
  window: {
    navigationBarTitleText: '村务通',
    // The colours of $cw-color-surface and $cw-color-page-bg in styles/_tokens.scss (JSON here, not Sass).
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f4f4f0',
    backgroundTextStyle: 'dark',
  },
  // H5 only: no slide-in between pages, so slow phones show the next page at once (and screenshots are
  // never taken mid-transition). Kept out of the weapp app.json, where the key is not part of the schema.
  // This file is evaluated by the Taro CLI at build time, where TARO_ENV names the target.
  // eslint-disable-next-line no-restricted-properties
  ...(process.env.TARO_ENV === 'h5' ? { animation: false } : {}),
})
