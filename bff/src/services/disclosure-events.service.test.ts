import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DisclosureCreateSchema } from '@cunwu/domain'
import { createLogger } from '../logger'
import type { Disclosure } from '../models/Disclosure.model'
import type { User } from '../models/User.model'
import { buildTestApp } from '../testing/build-app'
import type { TestApp } from '../testing/build-app'
import type { Actor } from './audit.service'
import { AfterResponse } from './disclosure-events.service'
import { DisclosuresService } from './disclosures.service'
import { demoHouseholds } from './seed.service'
import { demoRegionOf } from '../testing/demo'

const V1 = demoRegionOf('demo-secretary')
const actor: Actor = { userId: null, requestId: 'disclosure-events.service.test' }

/** A logger that keeps what it was told at error level. */
function recordingLogger() {
  const errors: unknown[] = []
  const logger = createLogger({ LOG_LEVEL: 'silent' })
  logger.error = ((obj: unknown) => {
    errors.push(obj)
  }) as typeof logger.error
  return { logger, errors }
}

describe('AfterResponse', () => {
  it('should return before the work ends, wait for it in idle() and log a failure instead of throwing', async () => {
    const { logger, errors } = recordingLogger()
    const after = new AfterResponse({ inline: false, logger })
    let release = () => {}
    const done: string[] = []
    await after.run('slow', () => new Promise<void>((r) => (release = r)).then(() => void done.push('slow')))
    await after.run('failing', () => Promise.reject(new Error('boom')))
    expect(done).toEqual([])
    const idle = after.idle().then(() => done.push('idle'))
    await new Promise((r) => setTimeout(r, 20))
    expect(done).toEqual([])
    release()
    await idle
    expect(done).toEqual(['slow', 'idle'])
    expect(errors).toHaveLength(1)
  })

  it('should run the work within the step and pass its failure on when inline', async () => {
    const after = new AfterResponse({ inline: true, logger: createLogger({ LOG_LEVEL: 'silent' }) })
    const done: string[] = []
    await after.run('quick', async () => void done.push('ran'))
    expect(done).toEqual(['ran'])
    await expect(after.run('failing', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
  })
})

describe('approve with follow-ups behind the response', () => {
  let t: TestApp
  const users = new Map<string, User>()

  beforeAll(async () => {
    t = await buildTestApp()
    const s = t.services
    if (!s) throw new Error('no database')
    for (const key of ['demo-township', 'demo-secretary']) {
      const u = await s.models.User.findOne({ demoUserKey: key }).lean()
      if (!u) throw new Error(`no ${key}`)
      users.set(key, u)
    }
  }, 60_000)
  afterAll(async () => {
    await t.close()
  })

  it('should answer the approve published while a slow follow-up still runs, and finish it in idle()', async () => {
    const s = t.services
    if (!s) throw new Error('no database')
    const after = new AfterResponse({ inline: false, logger: createLogger({ LOG_LEVEL: 'silent' }) })
    let release = () => {}
    const followedUp: string[] = []
    const disclosures = new DisclosuresService({
      models: s.models,
      audit: s.audit,
      hooks: after.hooks('slow follow-up', {
        onPublished: (d: Disclosure) =>
          new Promise<void>((r) => (release = r)).then(() => void followedUp.push(d._id.toHexString())),
      }),
    })
    const head = demoHouseholds(V1)[0]
    const req = DisclosureCreateSchema.parse({
      catalogItemId: 'agricultural-subsidies.cultivated-land-protection',
      period: '2061',
      title: '耕地地力保护补贴公示',
      rows: [
        { name: head?.headName ?? '', area_mu: 4, amount: 50_000, household_no: head?.householdNo ?? '' },
      ],
    })
    const d = await disclosures.create(V1, req, users.get('demo-secretary') as User, actor)
    const id = d._id.toHexString()
    await disclosures.submit(id, actor)
    const published = await disclosures.review(
      id,
      { decision: 'approve' },
      users.get('demo-township') as User,
      actor,
    )
    expect(published.status).toBe('published')
    expect((await s.models.Disclosure.findById(id).lean())?.status).toBe('published')
    expect(followedUp).toEqual([])
    const idle = after.idle()
    release()
    await idle
    expect(followedUp).toEqual([id])
  }, 60_000)
})
