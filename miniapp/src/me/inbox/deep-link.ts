import type { DeepLink } from '@cunwu/domain'
import { Routes, pageUrl } from '@/routes'

// The BFF names some pages by the paths agreed before they were built; these are where they live now.
const ALIASES: Record<string, string> = {
  'secretary/disclosure/index': Routes.SecretaryDisclosureEdit,
  'secretary/alignment/index': Routes.StaffAlignment,
  'township/verify/index': Routes.StaffAlignment,
}

const KNOWN = new Set<string>(Object.values(Routes))

/** The page URL a notification opens, or null when this version of the app has no such page. */
export function deepLinkUrl(link: Pick<DeepLink, 'page' | 'query'>): string | null {
  const page = link.page.replace(/^\/+/, '')
  const route = ALIASES[page] ?? `/${page}`
  if (!KNOWN.has(route)) return null
  // `n` only tells the BFF which message was tapped in WeChat; the inbox marks the entry read itself.
  const query = Object.fromEntries(Object.entries(link.query).filter(([key]) => key !== 'n'))
  return pageUrl(route, query)
}
