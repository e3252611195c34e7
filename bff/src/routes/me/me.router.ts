import Router from '@koa/router'
import { z } from 'zod'
import {
  CorrectionCreateSchema,
  ObjectIdSchema,
  PrivacyConsentCreateSchema,
  VillageParamsSchema,
  shanghaiDateOf,
} from '@cunwu/domain'
import type { AppDeps } from '../../deps'
import { auth, authorize, fromParam, type RegionResolver } from '../../middlewares/auth'
import { submissionGuard } from '../../middlewares/submissions'
import { inputOf, validate } from '../../middlewares/validate'
import { presentCorrection, presentPersonalData } from '../../presenters/privacy.presenter'
import { actorOf, currentUser } from '../actor'

const Accept = { body: PrivacyConsentCreateSchema }
const Export = {
  query: z.object({
    /** `1`: send the data as a file to save (Content-Disposition: attachment). */
    download: z.enum(['1', 'true', '0', 'false']).optional(),
  }),
}
const Correction = { body: CorrectionCreateSchema }
const Village = { params: VillageParamsSchema }
const CorrectionById = { params: z.object({ id: ObjectIdSchema }) }

/** The privacy policy and its acceptance, the person's own data (see, download) and correction requests. */
export function meRouter(deps: AppDeps): Router {
  const router = new Router()
  const requireAuth = auth(() => deps.services().auth)
  const privacy = () => deps.services().privacy

  router.get('/privacy-policy', async function getPrivacyPolicy(ctx) {
    ctx.set('Cache-Control', 'no-cache')
    ctx.body = privacy().policy()
  })

  router.get('/me/privacy', requireAuth, async function getPrivacyStatus(ctx) {
    ctx.set('Cache-Control', 'no-store')
    ctx.body = privacy().status(currentUser(ctx))
  })

  router.post('/me/privacy-consents', requireAuth, validate(Accept), async function acceptPrivacyPolicy(ctx) {
    ctx.body = await privacy().accept(currentUser(ctx), inputOf(ctx, Accept).body.version, actorOf(ctx))
  })

  router.get('/me/data', requireAuth, validate(Export), async function exportMyData(ctx) {
    const { download } = inputOf(ctx, Export).query
    ctx.set('Cache-Control', 'no-store')
    if (download === '1' || download === 'true') {
      ctx.set('Content-Disposition', `attachment; filename="my-data-${shanghaiDateOf(Date.now())}.json"`)
    }
    ctx.body = presentPersonalData(await deps.services().privacyExport.exportData(currentUser(ctx)))
  })

  router.post(
    '/me/data/corrections',
    requireAuth,
    validate(Correction),
    submissionGuard('privacy.correction', () => deps.services().models),
    async function requestCorrection(ctx) {
      ctx.status = 201
      const { correction, villageName } = await privacy().requestCorrection(
        currentUser(ctx),
        inputOf(ctx, Correction).body,
        actorOf(ctx),
      )
      ctx.body = presentCorrection(correction, villageName)
    },
  )

  router.get(
    '/villages/:code/corrections',
    requireAuth,
    validate(Village),
    authorize(['secretary'], fromParam('code')),
    async function listCorrections(ctx) {
      ctx.set('Cache-Control', 'no-store')
      const list = await privacy().listCorrections(inputOf(ctx, Village).params.code)
      ctx.body = { corrections: list.map((c) => presentCorrection(c.correction, c.villageName)) }
    },
  )
  const correctionVillage: RegionResolver = (ctx) =>
    privacy().villageOfCorrection(inputOf(ctx, CorrectionById).params.id)
  router.post(
    '/corrections/:id/done',
    requireAuth,
    validate(CorrectionById),
    authorize(['secretary'], correctionVillage),
    async function resolveCorrection(ctx) {
      const { correction, villageName } = await privacy().resolveCorrection(
        inputOf(ctx, CorrectionById).params.id,
        actorOf(ctx),
      )
      ctx.body = presentCorrection(correction, villageName)
    },
  )
  return router
}
