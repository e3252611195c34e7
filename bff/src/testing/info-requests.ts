import request from 'supertest'
import { expect } from 'vitest'
import { buildTestApp } from './build-app'
import type { TestApp } from './build-app'
import { signIn } from './sign-in'
import { demoRegionOf } from './demo'

/** The township the information-request tests file to. */
export const TOWNSHIP = demoRegionOf('demo-township')

/** The requester an electronic request names (a 居民身份证 number that passes the check). */
export const REQUESTER = {
  name: '李四',
  idType: 'resident_id',
  idNumber: '110101199003074477',
  contact: '13800138000',
}

/**
 * An app for the information-request route tests (routes/info-requests/*.test.ts), with the given users signed in
 * and the calls they spell out: moving the dev clock, GET and POST as a user, filing a request. Made at the
 * describe's top; `start` goes in its beforeAll and `close` in its afterAll.
 */
export function infoRequestsApp(users: readonly string[]) {
  let started: { t: TestApp; server: ReturnType<TestApp['app']['callback']> } | null = null
  const auth: Record<string, string> = {}
  const running = () => {
    if (!started) throw new Error('the info-requests app is not started (call start in beforeAll)')
    return started
  }
  const as = (who: string) => auth[who] ?? ''
  /** Moves the dev clock to the day at the time, China time. */
  const at = (day: string, time = '10:00') =>
    request(running().server)
      .post('/api/v1/dev/clock')
      .send({ setTo: `${day}T${time}:00+08:00` })
  const get = (path: string, who: string) =>
    request(running().server).get(`/api/v1${path}`).set('Authorization', as(who))
  const post = (path: string, who: string, body: object = {}) =>
    request(running().server).post(`/api/v1${path}`).set('Authorization', as(who)).send(body)
  /** Files an electronic request to TOWNSHIP as `who`, naming REQUESTER. */
  const file = (who: string, fields: { description: string; purpose?: string }) =>
    post('/info-requests', who, { regionCode: TOWNSHIP, ...fields, form: 'electronic', requester: REQUESTER })
  return {
    start: async () => {
      const t = await buildTestApp()
      started = { t, server: t.app.callback() }
      for (const key of users) auth[key] = (await signIn(t.app, key)).auth
    },
    close: async () => {
      await started?.t.close()
    },
    get t() {
      return running().t
    },
    get server() {
      return running().server
    },
    as,
    at,
    get,
    post,
    file,
    /** Moves the clock to the day and files a request there (201), answering its body. */
    fileOn: async (day: string, who: string, description: string) => {
      await at(day)
      const created = await file(who, { description })
      expect(created.status).toBe(201)
      return created.body as { id: string; number: string; dueDate: string }
    },
  }
}
