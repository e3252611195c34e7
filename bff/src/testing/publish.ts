/**
 * Publishing through the API as the people who do it, for route tests that need a published government item or
 * village list before they start: each step is asserted, so a set-up that fails says where.
 */
import request from 'supertest'
import { expect } from 'vitest'
import type { TestApp } from './build-app'

type Server = ReturnType<TestApp['app']['callback']>

/** Creates a government item in `region` (a township or county) as the officer `auth` and publishes it; its id. */
export async function publishGovernmentItem(
  server: Server,
  auth: string,
  region: string,
  body: object,
): Promise<string> {
  const created = await request(server)
    .post(`/api/v1/regions/${region}/government-items`)
    .set('Authorization', auth)
    .send(body)
  expect(created.status).toBe(201)
  const id = String(created.body.id)
  await request(server).post(`/api/v1/government-items/${id}/publish`).set('Authorization', auth).expect(200)
  return id
}

/**
 * The revision of a draft under review as the reviewer's page reads it (the review queue and the draft carry it): a
 * review must send it back (`DisclosureReviewSchema`, 400 without it).
 */
export async function seenRevision(
  server: Parameters<typeof request>[0],
  id: string,
  auth: string,
): Promise<number> {
  const read = await request(server).get(`/api/v1/disclosures/${id}`).set('Authorization', auth)
  expect(read.status).toBe(200)
  expect(typeof read.body.revision).toBe('number')
  return read.body.revision as number
}

/** Who publishes a village list: its secretary submits it (with `submit` as the body, if any), the reviewer approves. */
export interface Publishers {
  secretary: string
  reviewer: string
  submit?: object
}

/** Submits a village draft and has it approved: published. */
export async function submitAndApprove(server: Server, id: string, by: Publishers): Promise<void> {
  const submit = request(server).post(`/api/v1/disclosures/${id}/submit`).set('Authorization', by.secretary)
  await (by.submit === undefined ? submit : submit.send(by.submit)).expect(200)
  await request(server)
    .post(`/api/v1/disclosures/${id}/review`)
    .set('Authorization', by.reviewer)
    .send({ decision: 'approve', revision: await seenRevision(server, id, by.reviewer) })
    .expect(200)
}

/** Creates a village list (a disclosure draft) in `village`, submits it and has it approved; its id. */
export async function publishDisclosure(
  server: Server,
  village: string,
  body: object,
  by: Publishers,
): Promise<string> {
  const created = await request(server)
    .post(`/api/v1/villages/${village}/disclosures`)
    .set('Authorization', by.secretary)
    .send(body)
  expect(created.status).toBe(201)
  const id = String(created.body.id)
  await submitAndApprove(server, id, by)
  return id
}

/** Creates a village draft in `village` as its secretary `auth` and submits it for review; its id. */
export async function submitDraft(
  server: Server,
  village: string,
  body: object,
  auth: string,
): Promise<string> {
  const created = await request(server)
    .post(`/api/v1/villages/${village}/disclosures`)
    .set('Authorization', auth)
    .send(body)
  expect(created.status).toBe(201)
  const id = String(created.body.id)
  await request(server)
    .post(`/api/v1/disclosures/${id}/submit`)
    .set('Authorization', auth)
    .send({})
    .expect(200)
  return id
}

/** The draft `id` as the review queue of `region` shows it to the reviewer `auth`: what their page holds. */
export async function queuedDraft(
  server: Server,
  region: string,
  auth: string,
  id: string,
): Promise<{ id: string; title: string; revision: number }> {
  const queue = await request(server).get(`/api/v1/regions/${region}/review-queue`).set('Authorization', auth)
  expect(queue.status).toBe(200)
  const found = (queue.body.disclosures as { id: string; title: string; revision: number }[]).find(
    (d) => d.id === id,
  )
  if (!found) throw new Error(`not in the queue: ${id}`)
  return found
}
