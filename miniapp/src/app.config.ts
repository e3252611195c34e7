// App-wide routes and window settings. The main package holds the pages everyone opens first (home,
// about, later the village feed); each role's features go into `subPackages` (e.g. { root: 'secretary',
// pages: [...] }) so the main package stays far below WeChat's 2 MB limit.
export default defineAppConfig({
  pages: ['pages/index/index', 'pages/about/index'],
  subPackages: [],
  window: {
    navigationBarTitleText: '村务通',
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
