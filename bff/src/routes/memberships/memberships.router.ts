import Router from '@koa/router'
import {
  InviteCreateSchema,
  InviteParamsSchema,
  MembershipApplySchema,
  MembershipEndSchema,
  MembershipListQuerySchema,
  MembershipParamsSchema,
  MembershipRejectSchema,
  ProxyGrantSchema,
  VillageInviteParamsSchema,
  VillageParamsSchema,
} from '@cunwu/domain'
import type { AppDeps } from '../../deps'
import { auth, authorize, fromParam } from '../../middlewares/auth'
import type { RegionResolver } from '../../middlewares/auth'
import { inputOf, validate } from '../../middlewares/validate'
import {
  presentHouseholdSummary,
  presentInvite,
  presentMembership,
  presentMembershipApplication,
  presentOpenInvite,
} from '../../presenters/membership.presenter'
import { actorOf, currentUser } from '../actor'
import { publicBase } from '../request-base'

const Apply = { params: VillageParamsSchema, body: MembershipApplySchema }
const List = { params: VillageParamsSchema, query: MembershipListQuerySchema }
const Decide = { params: MembershipParamsSchema }
const Reject = { params: MembershipParamsSchema, body: MembershipRejectSchema }
const End = { params: MembershipParamsSchema, body: MembershipEndSchema }
const Leave = { params: MembershipParamsSchema }
const CreateInvite = { params: VillageParamsSchema, body: InviteCreateSchema }
const AcceptInvite = { params: InviteParamsSchema }
const ListInvites = { params: VillageParamsSchema }
const CancelInvite = { params: VillageInviteParamsSchema }
const GrantProxy = { params: VillageParamsSchema, body: ProxyGrantSchema }
const Roster = { params: VillageParamsSchema }

/** Joining and leaving a village: applications, the secretary's decisions, invite codes, proxy rights, endings. */
export function membershipsRouter(deps: AppDeps): Router {
  const router = new Router()
  const requireAuth = auth(() => deps.services().auth)
  const svc = () => deps.services().memberships
  const invites = () => deps.services().invites
  const proxies = () => deps.services().proxies
  const membershipVillage: RegionResolver = (ctx) => svc().villageOf(inputOf(ctx, Decide).params.id)
  const staff = ['secretary', 'township', 'county', 'admin'] as const

  router.post('/villages/:code/memberships', requireAuth, validate(Apply), async function apply(ctx) {
    const { params, body } = inputOf(ctx, Apply)
    ctx.status = 201
    const { membership, villageName } = await svc().apply(currentUser(ctx), params.code, body, actorOf(ctx))
    ctx.body = presentMembership(membership, villageName)
  })

  router.get(
    '/villages/:code/memberships',
    requireAuth,
    validate(List),
    authorize(staff, fromParam('code')),
    async function listMemberships(ctx) {
      const { params, query } = inputOf(ctx, List)
      const list = await svc().list(params.code, query.status)
      ctx.body = {
        memberships: list.map((a) => presentMembershipApplication(a.membership, a.villageName, a.roster)),
      }
    },
  )

  router.post(
    '/memberships/:id/approve',
    requireAuth,
    validate(Decide),
    authorize(['secretary'], membershipVillage),
    async function approve(ctx) {
      ctx.body = presentMembership(
        await svc().approve(inputOf(ctx, Decide).params.id, currentUser(ctx), actorOf(ctx)),
      )
    },
  )

  router.post(
    '/memberships/:id/reject',
    requireAuth,
    validate(Reject),
    authorize(['secretary'], membershipVillage),
    async function reject(ctx) {
      const { params, body } = inputOf(ctx, Reject)
      ctx.body = presentMembership(await svc().reject(params.id, body.reason, currentUser(ctx), actorOf(ctx)))
    },
  )

  router.post(
    '/memberships/:id/end',
    requireAuth,
    validate(End),
    authorize(['secretary'], membershipVillage),
    async function endMembership(ctx) {
      const { params, body } = inputOf(ctx, End)
      const ender = { by: 'secretary' as const, user: currentUser(ctx), kind: body.kind, reason: body.reason }
      ctx.body = presentMembership(await svc().end(params.id, ender, actorOf(ctx)))
    },
  )

  // The member's own membership only (the service answers 404 for anyone else's).
  router.post('/me/memberships/:id/leave', requireAuth, validate(Leave), async function leaveVillage(ctx) {
    const ender = { by: 'member' as const, user: currentUser(ctx) }
    ctx.body = presentMembership(await svc().end(inputOf(ctx, Leave).params.id, ender, actorOf(ctx)))
  })

  router.post(
    '/villages/:code/invites',
    requireAuth,
    validate(CreateInvite),
    authorize(['secretary'], fromParam('code')),
    async function createInvite(ctx) {
      const { params, body } = inputOf(ctx, CreateInvite)
      ctx.status = 201
      const { invite, qrDataUrl } = await invites().create(
        params.code,
        body,
        currentUser(ctx),
        actorOf(ctx),
        publicBase(ctx),
      )
      ctx.body = presentInvite(invite, qrDataUrl)
    },
  )

  router.get(
    '/villages/:code/invites',
    requireAuth,
    validate(ListInvites),
    authorize(['secretary', 'township'], fromParam('code')),
    async function listInvites(ctx) {
      const open = await invites().listOpen(inputOf(ctx, ListInvites).params.code)
      ctx.body = { invites: open.map(presentOpenInvite) }
    },
  )

  router.delete(
    '/villages/:code/invites/:scene',
    requireAuth,
    validate(CancelInvite),
    authorize(['secretary', 'township'], fromParam('code')),
    async function cancelInvite(ctx) {
      const { params } = inputOf(ctx, CancelInvite)
      await invites().cancel(params.code, params.scene, currentUser(ctx), actorOf(ctx))
      ctx.status = 204
    },
  )

  router.post(
    '/invites/:scene/accept',
    requireAuth,
    validate(AcceptInvite),
    async function acceptInvite(ctx) {
      const scene = inputOf(ctx, AcceptInvite).params.scene
      ctx.body = presentMembership(await invites().accept(scene, currentUser(ctx), actorOf(ctx)))
    },
  )

  router.get(
    '/villages/:code/households',
    requireAuth,
    validate(Roster),
    authorize(staff, fromParam('code')),
    async function listHouseholds(ctx) {
      ctx.set('Cache-Control', 'no-store')
      ctx.body = {
        households: (await svc().roster(inputOf(ctx, Roster).params.code)).map(presentHouseholdSummary),
      }
    },
  )

  router.post(
    '/villages/:code/proxies',
    requireAuth,
    validate(GrantProxy),
    authorize(['secretary'], fromParam('code')),
    async function grantProxy(ctx) {
      const { params, body } = inputOf(ctx, GrantProxy)
      await proxies().grant(params.code, body, currentUser(ctx), actorOf(ctx))
      ctx.status = 204
    },
  )
  return router
}
