import { demoPeople } from '../services/seed.service'

/** The region a demo person's first grant covers (`demo-secretary`: the first demo village), for tests. */
export function demoRegionOf(userKey: string): string {
  const code = demoPeople().find((p) => p.userKey === userKey)?.grants[0]?.regionCode
  if (!code) throw new Error(`no demo person ${userKey} with a grant`)
  return code
}
