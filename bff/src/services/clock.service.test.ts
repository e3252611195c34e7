import { describe, expect, it } from 'vitest'
import { ClockService } from './clock.service'

describe('ClockService', () => {
  it('should move now by days and to a set instant, then run on with the system time', () => {
    let system = Date.parse('2026-01-01T00:00:00Z')
    const clock = new ClockService(() => system)
    expect(clock.advanceDays(2).toISOString()).toBe('2026-01-03T00:00:00.000Z')
    system += 1000
    expect(clock.now().toISOString()).toBe('2026-01-03T00:00:01.000Z')
    expect(clock.setTo(new Date('2030-05-05T00:00:00Z')).toISOString()).toBe('2030-05-05T00:00:00.000Z')
    expect(clock.offset()).toBe(Date.parse('2030-05-05T00:00:00Z') - system)
  })
})
