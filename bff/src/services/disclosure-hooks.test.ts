import { describe, expect, it } from 'vitest'
import type { Disclosure } from '../models/Disclosure.model'
import { composeHooks, concurrentHooks } from './disclosure-hooks.service'
import type { DisclosureHooks } from './disclosure-hooks.service'

/** A hook that records when it starts and ends, ending after `ms` (or failing then). */
function timedHook(name: string, ms: number, log: string[], fail = false): DisclosureHooks {
  const run = async () => {
    log.push(`${name} start`)
    await new Promise((r) => setTimeout(r, ms))
    log.push(`${name} end`)
    if (fail) throw new Error(`${name} failed`)
  }
  return { onPublished: run, onRetracted: run, onReturned: run }
}

const d = {} as Disclosure

describe('disclosure lifecycle hooks', () => {
  it('composeHooks runs each hook after the one before', async () => {
    const log: string[] = []
    await composeHooks(timedHook('a', 30, log), timedHook('b', 1, log)).onPublished?.(d, null)
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end'])
  })

  it('concurrentHooks starts them all at once and waits for every one', async () => {
    for (const step of ['onPublished', 'onRetracted', 'onReturned'] as const) {
      const log: string[] = []
      const hooks = concurrentHooks(timedHook('a', 30, log), timedHook('b', 1, log))
      await (step === 'onPublished' ? hooks.onPublished?.(d, null) : hooks[step]?.(d))
      expect(log).toEqual(['a start', 'b start', 'b end', 'a end'])
    }
  })

  it('concurrentHooks fails with the first failure, and the others still run to their end', async () => {
    const log: string[] = []
    const hooks = concurrentHooks(timedHook('slow', 40, log), timedHook('bad', 1, log, true))
    await expect(hooks.onPublished?.(d, null)).rejects.toThrow('bad failed')
    await new Promise((r) => setTimeout(r, 60))
    expect(log).toContain('slow end')
  })
})
