import request from 'supertest'
import { expect } from 'vitest'
import { buildTestApp, type TestApp } from '../../testing/build-app'
import { buildDibaoRows, dibaoItem } from '../../testing/factories'
import { signIn } from '../../testing/sign-in'
import { seenRevision } from '../../testing/publish'

/** The demo people the question tests act as. */
export const QUESTION_TEST_PEOPLE = [
  'demo-secretary',
  'demo-secretary-2',
  'demo-township',
  'demo-villager',
  'demo-newcomer',
  'demo-county',
] as const

/** A test app signed in as the demo people, with the steps every question test takes: draft, publish, ask. */
export interface QuestionsKit {
  t: TestApp
  server: ReturnType<TestApp['app']['callback']>
  as(key: string): string
  draft(village: string, secretary: string, period: string, extra?: Record<string, unknown>): Promise<string>
  publish(id: string, secretary?: string, reviewer?: string): Promise<void>
  ask(id: string, body: Record<string, unknown>, who?: string): request.Test
}

/** Builds the app and signs the demo people in (call `t.close()` in afterAll). */
export async function buildQuestionsKit(): Promise<QuestionsKit> {
  const t = await buildTestApp()
  const server = t.app.callback()
  const auth: Record<string, string> = {}
  for (const key of QUESTION_TEST_PEOPLE) auth[key] = (await signIn(t.app, key)).auth
  const as = (key: string) => auth[key] ?? ''
  const item = dibaoItem()
  return {
    t,
    server,
    as,
    async draft(village, secretary, period, extra = {}) {
      const res = await request(server)
        .post(`/api/v1/villages/${village}/disclosures`)
        .set('Authorization', as(secretary))
        .send({
          catalogItemId: item.id,
          period,
          title: `${period} 低保对象名单公示`,
          body: '现予公示。',
          rows: buildDibaoRows(village),
          ...extra,
        })
      expect(res.status).toBe(201)
      return String(res.body.id)
    },
    async publish(id, secretary = 'demo-secretary', reviewer = 'demo-township') {
      const submitted = await request(server)
        .post(`/api/v1/disclosures/${id}/submit`)
        .set('Authorization', as(secretary))
      expect(submitted.status).toBe(200)
      const approved = await request(server)
        .post(`/api/v1/disclosures/${id}/review`)
        .set('Authorization', as(reviewer))
        .send({ decision: 'approve', revision: await seenRevision(server, id, as(reviewer)) })
      expect(approved.status).toBe(200)
    },
    ask: (id, body, who = 'demo-villager') =>
      request(server).post(`/api/v1/disclosures/${id}/questions`).set('Authorization', as(who)).send(body),
  }
}
