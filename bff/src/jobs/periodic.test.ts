import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { startPeriodic } from './periodic'

describe('startPeriodic', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('should run a pass every interval until stopped', async () => {
    let passes = 0
    const job = startPeriodic(
      100,
      async () => {
        passes += 1
      },
      () => undefined,
    )
    await vi.advanceTimersByTimeAsync(350)
    expect(passes).toBe(3)
    job.stop()
    await vi.advanceTimersByTimeAsync(500)
    expect(passes).toBe(3)
  })

  it('should skip a due pass while the previous one still runs', async () => {
    let started = 0
    let release: () => void = () => undefined
    const job = startPeriodic(
      100,
      () => {
        started += 1
        return new Promise<void>((resolve) => {
          release = resolve
        })
      },
      () => undefined,
    )
    await vi.advanceTimersByTimeAsync(450)
    expect(started).toBe(1)
    release()
    await vi.advanceTimersByTimeAsync(100)
    expect(started).toBe(2)
    job.stop()
  })

  it('should hand a failing pass to onError and run the next one', async () => {
    const errors: unknown[] = []
    let passes = 0
    const job = startPeriodic(
      100,
      async () => {
        passes += 1
        if (passes === 1) throw new Error('first pass fails')
      },
      (err) => errors.push(err),
    )
    await vi.advanceTimersByTimeAsync(250)
    expect(passes).toBe(2)
    expect(errors).toHaveLength(1)
    expect((errors[0] as Error).message).toBe('first pass fails')
    job.stop()
  })
})
