// Every page of the mini-program, in one list: navigation uses these paths, and app.config.ts derives its
// `pages` (the main package) and `subPackages` from them, so a page cannot be linked without being registered
// or registered under a different path. The first folder decides the package: `pages/` is the main package
// (what everyone opens: home, sign-in, joining, the catalog, a disclosure); any other folder is a subpackage
// that WeChat downloads only when one of its pages opens, which keeps role features out of the main package.
export const Routes = {
  // The first page is the one the app opens on.
  Home: '/pages/index/index',
  About: '/pages/about/index',
  Login: '/pages/login/index',
  Profile: '/pages/profile/index',
  Join: '/pages/join/index',
  Catalog: '/pages/catalog/index',
  CatalogItem: '/pages/catalog-item/index',
  Disclosure: '/pages/disclosure/index',
  Search: '/pages/search/index',
  Related: '/pages/related/index',
  // The privacy policy (accepted at first sign-in), one's own data, and a village's correction requests.
  Privacy: '/pages/privacy/index',
  PrivacyMyData: '/pages/privacy/my-data/index',
  PrivacyCorrections: '/pages/privacy/corrections/index',
  // The village secretary: applications, invites, drafts.
  SecretaryApplications: '/secretary/applications/index',
  SecretaryInvite: '/secretary/invite/index',
  SecretaryDisclosures: '/secretary/disclosures/index',
  SecretaryDisclosureEdit: '/secretary/disclosure-edit/index',
  TownshipReview: '/township/review/index',
  // Township and county staff: alignment of village and government disclosures.
  StaffCompliance: '/staff/compliance/index',
  StaffAlignment: '/staff/alignment/index',
  StaffGovernmentItems: '/staff/government-items/index',
  StaffCrossChecks: '/staff/cross-checks/index',
  // A person's own inbox and subscriptions.
  MeInbox: '/me/inbox/index',
  MeSubscriptions: '/me/subscriptions/index',
  // Alignment as villagers see it.
  AlignmentDetail: '/alignment/detail/index',
  AlignmentGovernmentItem: '/alignment/government-item/index',
  // System administration: delivery of WeChat subscribe messages, people and their roles, the audit trail, the
  // region import and retiring merged villages (撤并村).
  AdminOutbox: '/admin/outbox/index',
  AdminUsers: '/admin/users/index',
  AdminAudit: '/admin/audit/index',
  AdminRegionsImport: '/admin/regions-import/index',
  AdminRetire: '/admin/retire/index',
  // Collective charges, WeChat Pay, the village ledger and reconciliation.
  PayMyCharges: '/pay/my-charges/index',
  PayCharges: '/pay/charges/index',
  PayChargeNew: '/pay/charge-new/index',
  PayCharge: '/pay/charge/index',
  PayLedger: '/pay/ledger/index',
  PayStatement: '/pay/statement/index',
  PayReconciliation: '/pay/reconciliation/index',
  // Consultations and polls (征求意见 / 民意调查): a village's list, one consultation (answer, result), opening one.
  DecideConsultList: '/decide/consult-list/index',
  DecideConsult: '/decide/consult/index',
  DecideConsultNew: '/decide/consult-new/index',
  // 四议两公开 decisions: a village's matters, one decision, and the secretary's forms.
  DecideDecisions: '/decide/decisions/index',
  DecideDecision: '/decide/decision/index',
  DecideDecisionNew: '/decide/decision-new/index',
  DecideDecisionStep: '/decide/decision-step/index',
  // Questions and objections on disclosures (回应关切) and government information requests (依申请公开).
  AskNew: '/ask/new/index',
  AskQuestion: '/ask/question/index',
  AskMine: '/ask/mine/index',
  AskVillageQuestions: '/ask/village-questions/index',
  AskInfoRequest: '/ask/info-request/index',
  AskMyRequests: '/ask/my-requests/index',
  AskOfficeRequests: '/ask/office-requests/index',
  // 办事指南: how to obtain the services disclosures mention (低保, 宅基地 …).
  GuideList: '/guides/list/index',
  GuideDetail: '/guides/detail/index',
} as const

/** A page path from {@link Routes}. */
export type Route = (typeof Routes)[keyof typeof Routes]

/** The folder of the main package; every other first folder is a subpackage root. */
const MAIN_PACKAGE = 'pages'

/**
 * The page lists of app.config.ts: main-package pages in the order of {@link Routes} (the first opens the
 * app), then one subpackage per other first folder, in order of first appearance.
 */
export function appPages(): { pages: string[]; subPackages: { root: string; pages: string[] }[] } {
  const pages: string[] = []
  const subPackages: { root: string; pages: string[] }[] = []
  for (const route of Object.values(Routes)) {
    const path = route.slice(1)
    const slash = path.indexOf('/')
    const root = path.slice(0, slash)
    if (root === MAIN_PACKAGE) {
      pages.push(path)
      continue
    }
    const pkg = subPackages.find((p) => p.root === root)
    if (pkg) pkg.pages.push(path.slice(slash + 1))
    else subPackages.push({ root, pages: [path.slice(slash + 1)] })
  }
  return { pages, subPackages }
}

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
