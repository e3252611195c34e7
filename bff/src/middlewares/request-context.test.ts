import { describe, expect, it } from 'vitest'
import { loggedUrl } from './request-context'

describe('loggedUrl', () => {
  it('keeps URLs up to 1,024 characters whole and cuts longer ones, noting their length', () => {
    const kept = `/api/v1/search?q=${'a'.repeat(1_024 - 17)}`
    expect(kept.length).toBe(1_024)
    expect(loggedUrl(kept)).toBe(kept)
    const cut = loggedUrl(`${kept}${'b'.repeat(15_000)}`)
    expect(cut).toBe(`${kept}…(16024 characters)`)
  })
})
