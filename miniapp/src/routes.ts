// Page paths used for navigation; they must match the pages listed in app.config.ts (a test checks this).
export const Routes = {
  Home: '/pages/index/index',
  About: '/pages/about/index',
  Login: '/pages/login/index',
  Profile: '/pages/profile/index',
  Join: '/pages/join/index',
  Catalog: '/pages/catalog/index',
  CatalogItem: '/pages/catalog-item/index',
  SecretaryApplications: '/secretary/applications/index',
  SecretaryInvite: '/secretary/invite/index',
  Disclosure: '/pages/disclosure/index',
  Search: '/pages/search/index',
  Related: '/pages/related/index',
  SecretaryDisclosures: '/secretary/disclosures/index',
  SecretaryDisclosureEdit: '/secretary/disclosure-edit/index',
  TownshipReview: '/township/review/index',
  // Alignment with government publications and notifications (issues 6 and 7).
  StaffCompliance: '/staff/compliance/index',
  StaffAlignment: '/staff/alignment/index',
  StaffGovernmentItems: '/staff/government-items/index',
  MeInbox: '/me/inbox/index',
  MeSubscriptions: '/me/subscriptions/index',
  AlignDetail: '/align/detail/index',
  AlignGovernmentItem: '/align/government-item/index',
  AdminOutbox: '/admin/outbox/index',
} as const

/** Builds a page URL with an encoded query string, leaving out empty values. */
export function pageUrl(route: string, query: Record<string, string | undefined> = {}): string {
  const pairs = Object.entries(query).flatMap(([key, value]) =>
    value === undefined || value === '' ? [] : [`${encodeURIComponent(key)}=${encodeURIComponent(value)}`],
  )
  return pairs.length > 0 ? `${route}?${pairs.join('&')}` : route
}

/** Decodes a page query value: WeChat hands over query values still percent-encoded, H5 already decoded. */
export function readQueryParam(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}
