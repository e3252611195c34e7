import Router from '@koa/router'
import {
  ChargeCreateSchema,
  ChargeParamsSchema,
  ChargePayCheckSchema,
  ChargePaySchema,
  RefundCreateSchema,
  VillageParamsSchema,
} from '@cunwu/domain'
import type { AppDeps } from '../../deps'
import { auth, authorize, fromParam } from '../../middlewares/auth'
import type { RegionResolver } from '../../middlewares/auth'
import { submissionGuard } from '../../middlewares/submissions'
import { inputOf, validate } from '../../middlewares/validate'
import {
  presentCharge,
  presentChargeDetail,
  presentMyCharge,
  presentPayStart,
  presentRefund,
} from '../../presenters/pay.presenter'
import { actorOf, currentUser } from '../actor'

const Create = { params: VillageParamsSchema, body: ChargeCreateSchema }
const ByVillage = { params: VillageParamsSchema }
const ById = { params: ChargeParamsSchema }
const Pay = { params: ChargeParamsSchema, body: ChargePaySchema }
const PayCheck = { params: ChargeParamsSchema, body: ChargePayCheckSchema }
const Refund = { params: ChargeParamsSchema, body: RefundCreateSchema }

/** Collective charges: defined by the secretary, paid by households through WeChat Pay, refunded with a reason. */
export function chargesRouter(deps: AppDeps): Router {
  const router = new Router()
  const requireAuth = auth(() => deps.services().auth)
  const svc = () => deps.services().pay.charges
  const orders = () => deps.services().pay.orders
  const refunds = () => deps.services().pay.refunds
  const chargeVillage: RegionResolver = (ctx) => svc().regionOf(inputOf(ctx, ById).params.id)
  const staff = ['secretary', 'township', 'county', 'admin'] as const

  router.post(
    '/villages/:code/charges',
    requireAuth,
    validate(Create),
    authorize(['secretary'], fromParam('code')),
    // A double tap or a retry after a lost answer would bill each household twice (docs/api.md).
    submissionGuard('charge.create', () => deps.services().models),
    async function create(ctx) {
      const { params, body } = inputOf(ctx, Create)
      const charge = await svc().create(params.code, body, currentUser(ctx), actorOf(ctx))
      ctx.status = 201
      ctx.body = presentCharge({ charge, paidCount: 0, receivedFen: 0 })
    },
  )

  router.get(
    '/villages/:code/charges',
    requireAuth,
    validate(ByVillage),
    authorize(staff, fromParam('code')),
    async function list(ctx) {
      const { params } = inputOf(ctx, ByVillage)
      ctx.body = { charges: (await svc().list(params.code)).map(presentCharge) }
    },
  )

  router.get(
    '/charges/:id',
    requireAuth,
    validate(ById),
    authorize(staff, chargeVillage),
    async function detail(ctx) {
      ctx.body = presentChargeDetail(await svc().detail(inputOf(ctx, ById).params.id))
    },
  )

  router.get('/me/charges', requireAuth, async function mine(ctx) {
    ctx.body = { charges: (await svc().mine(currentUser(ctx))).map(presentMyCharge) }
  })

  // Villagers of the charge's village; the service then checks the household (own or by proxy) is a payer.
  router.post(
    '/charges/:id/pay',
    requireAuth,
    validate(Pay),
    authorize(['villager'], chargeVillage),
    async function pay(ctx) {
      const { params, body } = inputOf(ctx, Pay)
      ctx.body = presentPayStart(await orders().start(params.id, currentUser(ctx), body))
    },
  )

  // The household's page, back from paying (or asking again): the server looks the order up at WeChat Pay.
  router.post(
    '/charges/:id/pay/check',
    requireAuth,
    validate(PayCheck),
    authorize(['villager'], chargeVillage),
    async function checkPayment(ctx) {
      const { params, body } = inputOf(ctx, PayCheck)
      ctx.body = presentMyCharge(await orders().check(params.id, currentUser(ctx), body))
    },
  )

  router.post(
    '/charges/:id/refunds',
    requireAuth,
    validate(Refund),
    authorize(['secretary'], chargeVillage),
    async function refund(ctx) {
      const { params, body } = inputOf(ctx, Refund)
      ctx.status = 201
      ctx.body = presentRefund(await refunds().create(params.id, body, currentUser(ctx), actorOf(ctx)))
    },
  )

  return router
}
