// App-wide routes and window settings. The main package holds the pages everyone opens (home, sign-in,
// profile, joining a village, the catalog); each role's own features live in a subpackage (`secretary/`)
// so the main package stays far below WeChat's 2 MB limit and villagers never download them.
export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/about/index',
    'pages/login/index',
    'pages/profile/index',
    'pages/join/index',
    'pages/catalog/index',
    'pages/catalog-item/index',
    'pages/disclosure/index',
    'pages/search/index',
    'pages/related/index',
  ],
  subPackages: [
    {
      root: 'secretary',
      pages: ['applications/index', 'invite/index', 'disclosures/index', 'disclosure-edit/index'],
    },
    { root: 'township', pages: ['review/index'] },
    { root: 'staff', pages: ['compliance/index', 'alignment/index', 'government-items/index'] },
    { root: 'me', pages: ['inbox/index', 'subscriptions/index'] },
    { root: 'align', pages: ['detail/index', 'government-item/index'] },
    // System administration: delivery of WeChat subscribe messages and the queue (issue 7).
    { root: 'admin', pages: ['outbox/index'] },
    // Collective charges, WeChat Pay, the village ledger and reconciliation (issue 8).
    {
      root: 'pay',
      pages: [
        'my-charges/index',
        'charges/index',
        'charge-new/index',
        'charge/index',
        'ledger/index',
        'statement/index',
        'reconciliation/index',
      ],
    },
  ],
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
