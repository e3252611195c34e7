import request from 'supertest'
import { buildTestApp } from './build-app'
import type { TestApp } from './build-app'
import { signIn } from './sign-in'
import type { Services } from '../services'

/** The app the notification routes' tests share: a test app and the demo villager, secretary and admin signed in. */
export interface NotificationsApp {
  t: TestApp
  services: Services
  server: ReturnType<TestApp['app']['callback']>
  villager: string
  secretary: string
  admin: string
  villagerId: string
  villagerName: string
}

/** Builds the app and signs in the three demo users (routes/notifications-*.test.ts). */
export async function startNotificationsApp(): Promise<NotificationsApp> {
  const t = await buildTestApp()
  if (!t.services) throw new Error('no services')
  const server = t.app.callback()
  const villager = (await signIn(t.app, 'demo-villager')).auth
  const secretary = (await signIn(t.app, 'demo-secretary')).auth
  const admin = (await signIn(t.app, 'demo-admin')).auth
  const me = (await request(server).get('/api/v1/me').set('Authorization', villager)).body
  const villagerId = me.id as string
  const villagerName = me.displayName as string
  return { t, services: t.services, server, villager, secretary, admin, villagerId, villagerName }
}

/** The villager follows 社会救助 in their village, accepting the publication template (one credit per answer id). */
export async function followSocialAssistance(
  app: NotificationsApp,
  requestIds: readonly string[],
): Promise<void> {
  for (const requestId of requestIds) {
    await request(app.server)
      .post('/api/v1/subscriptions')
      .set('Authorization', app.villager)
      .send({
        category: 'social-assistance',
        results: { tmpl_disclosure_published: 'accept', tmpl_question_replied: 'reject' },
        requestId,
      })
      .expect(201)
  }
}

/** Five publications of 公开事项1…5 in the villager's village under 社会救助 (the inbox and outbox tests' events). */
export async function publishFiveDisclosures(app: NotificationsApp, villageCode: string): Promise<void> {
  for (let i = 1; i <= 5; i++) {
    await app.services.notifications.publishEvent({
      id: `disclosure.published:inbox${i}:v1`,
      type: 'disclosure.published',
      villageCode,
      title: `公开事项${i}`,
      disclosureId: `${i}`.repeat(24),
      category: 'social-assistance',
      itemId: 'social-assistance.dibao.list',
    })
  }
}
