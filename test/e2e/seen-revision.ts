import type { ApiCall } from './harness'

/**
 * The revision of a draft under review as the reviewer reads it (their review queue carries the same): a review
 * sends it back, and one without it is 400 (docs/api.md, "Reviewing a draft").
 */
export async function seenRevision(reviewer: ApiCall, id: string): Promise<number> {
  const read = await reviewer('GET', `/api/v1/disclosures/${id}`)
  const revision = (read.body as { revision?: unknown } | null)?.revision
  if (read.status !== 200 || typeof revision !== 'number')
    throw new Error(`no revision for ${id}: ${read.status} ${JSON.stringify(read.body)}`)
  return revision
}
