import { describe, expect, it } from 'vitest'
import { disclosureIdOfPosterLink, posterLinkPath } from './posters'

describe('poster links', () => {
  const id = '0123456789abcdef01234567'
  it('should read the id back from the link a poster prints', () => {
    expect(disclosureIdOfPosterLink(`https://cunwu.example.cn${posterLinkPath(id)}`)).toBe(id)
    expect(disclosureIdOfPosterLink(`http://127.0.0.1:3000${posterLinkPath(id)}?from=wall`)).toBe(id)
  })
  it('should refuse other links', () => {
    for (const url of [`https://x.cn/api/v1/disclosures/${id}`, `https://x.cn/api/v1/p/${id}/x`, 'p/1', ''])
      expect(disclosureIdOfPosterLink(url)).toBeUndefined()
  })
})
