import Router from '@koa/router'
import { z } from 'zod'
import {
  DisclosureCreateSchema,
  DisclosureListQuerySchema,
  DisclosureParamsSchema,
  DisclosureRetractSchema,
  DisclosureReviewSchema,
  DisclosureSubmitSchema,
  DisclosureUpdateSchema,
  DisclosureVersionParamsSchema,
  DisclosureVersionSchema,
  DivisionCodeSchema,
  FeedQuerySchema,
  ReviewQueueQuerySchema,
  SearchQuerySchema,
  VillageParamsSchema,
} from '@cunwu/domain'
import type { Context } from 'koa'
import type { AppDeps } from '../../deps'
import { auth, authorize, fromParam, optionalAuth } from '../../middlewares/auth'
import type { RegionResolver } from '../../middlewares/auth'
import { inputOf, validate } from '../../middlewares/validate'
import { presentDisclosure } from '../../presenters/disclosure.presenter'
import { presentServiceGuideSummary } from '../../presenters/service-guide.presenter'
import { catalogItemOf } from '../../services/catalog.service'
import type { Disclosure } from '../../models/Disclosure.model'
import type { PublicJson } from '../../lib/public-json'
import type { DisclosureFeedService } from '../../services/disclosure-feed.service'
import { noteGzipChoice } from '../../middlewares/public-fast-path'
import { submissionGuard } from '../../middlewares/submissions'
import { mayActIn } from '../../policies/region.policy'
import { actorOf, currentUser } from '../actor'

const Create = { params: VillageParamsSchema, body: DisclosureCreateSchema }
const ListQ = { params: VillageParamsSchema, query: DisclosureListQuerySchema }
const Feed = { params: VillageParamsSchema, query: FeedQuerySchema }
const ById = { params: DisclosureParamsSchema }
const ByVersion = { params: DisclosureVersionParamsSchema }
const Update = { params: DisclosureParamsSchema, body: DisclosureUpdateSchema }
const Review = { params: DisclosureParamsSchema, body: DisclosureReviewSchema }
const Submit = { params: DisclosureParamsSchema, body: DisclosureSubmitSchema }
const NewVersion = { params: DisclosureParamsSchema, body: DisclosureVersionSchema }
const Retract = { params: DisclosureParamsSchema, body: DisclosureRetractSchema }
const Queue = { params: z.object({ code: DivisionCodeSchema }), query: ReviewQueueQuerySchema }
const Search = { query: SearchQuerySchema }

/** Village disclosures: drafting, review, publishing, versions, retraction, the feed, search and 与我相关. */
export function disclosuresRouter(deps: AppDeps): Router {
  const router = new Router()
  const requireAuth = auth(() => deps.services().auth)
  const maybeAuth = optionalAuth(() => deps.services().auth)
  const svc = () => deps.services().disclosures
  const feed = () => deps.services().feed
  const versions = () => deps.services().versions
  const disclosureVillage: RegionResolver = (ctx) => svc().regionOf(inputOf(ctx, ById).params.id)
  // For a retired village, the secretary of the village it merged into and the township above act in its place
  // (what it still owes: successorMark).
  const standIns = (code: string) => deps.services().regionRetirements.standInsFor(code)
  const standIn = (ctx: Context) => {
    const s = ctx.state.standingInFor
    return s ? { standIn: { from: s.from } } : {}
  }
  const staff = ['secretary', 'township', 'county', 'admin'] as const
  const reviewers = ['township', 'county'] as const

  function staffView(d: Disclosure) {
    return presentDisclosure(d, catalogItemOf(d.catalogItemId), { audience: 'staff' })
  }
  async function viewerMayEdit(ctx: Context, id: string): Promise<boolean> {
    const user = ctx.state.auth?.user
    // Villagers (no staff role anywhere) never edit: no need to read the disclosure's village.
    if (!user?.roles.some((g) => (staff as readonly string[]).includes(g.role))) return false
    const d = await svc().load(id)
    if (svc().canSeeDraft(user, d)) return true
    // The secretary of the village a retired one merged into works on its drafts (what it still owes).
    return (await standIns(d.regionCode)).some((r) => mayActIn(user.roles, r.roles, r.regionCode))
  }

  router.post(
    '/villages/:code/disclosures',
    requireAuth,
    validate(Create),
    authorize(['secretary'], fromParam('code'), standIns),
    // A create whose answer was lost, sent again with its Idempotency-Key, gets the draft it made (201 again), not
    // 409 disclosure_exists; a double tap makes one draft (docs/api.md, "Sending a form again").
    submissionGuard('disclosure.create', () => deps.services().models),
    async function create(ctx) {
      const { params, body } = inputOf(ctx, Create)
      ctx.status = 201
      ctx.body = staffView(
        await svc().create(params.code, body, currentUser(ctx), actorOf(ctx), standIn(ctx)),
      )
    },
  )

  router.get(
    '/villages/:code/disclosures',
    requireAuth,
    validate(ListQ),
    authorize(staff, fromParam('code'), standIns),
    async function list(ctx) {
      const { params, query } = inputOf(ctx, ListQ)
      ctx.body = { disclosures: await feed().listForVillage(params.code, query.status, query.limit) }
    },
  )

  router.get('/villages/:code/feed', validate(Feed), async function villageFeed(ctx) {
    const { params, query } = inputOf(ctx, Feed)
    sendPublicJson(ctx, await feed().feed(params.code, query), feed())
  })

  router.get(
    '/regions/:code/review-queue',
    requireAuth,
    validate(Queue),
    authorize(reviewers, fromParam('code')),
    async function reviewQueue(ctx) {
      const { params, query } = inputOf(ctx, Queue)
      ctx.body = await feed().reviewQueue(params.code, query)
    },
  )

  router.get('/search', validate(Search), async function search(ctx) {
    const { query } = inputOf(ctx, Search)
    // 办事指南 answer how-to questions (怎么申请低保); the mini-program shows them above the disclosures for those.
    // The whole answer is kept serialised per region and query (the same for every reader) until the region's
    // disclosures or its county's guides change.
    const guides = deps.services().serviceGuides
    sendPublicJson(
      ctx,
      await feed().publicSearch(query.q, query.regionCode, query.limit, {
        key: guides.searchVersionKey(query.regionCode),
        load: async () => (await guides.search(query.q, query.regionCode, 3)).map(presentServiceGuideSummary),
      }),
      feed(),
    )
  })

  router.get('/me/related', requireAuth, async function related(ctx) {
    ctx.set('Cache-Control', 'no-store')
    ctx.body = { disclosures: await feed().related(currentUser(ctx)) }
  })

  router.get('/disclosures/:id', maybeAuth, validate(ById), async function getDisclosure(ctx) {
    const { id } = inputOf(ctx, ById).params
    if (await viewerMayEdit(ctx, id)) {
      ctx.body = await versions().open(id, true)
      return
    }
    // Everyone else reads the public view: one serialised copy per instance while the village is unchanged.
    sendPublicJson(ctx, await feed().publicItem(id, () => versions().open(id, false)), feed())
  })

  router.get('/disclosures/:id/versions', maybeAuth, validate(ById), async function listVersions(ctx) {
    const { id } = inputOf(ctx, ById).params
    ctx.body = { versions: await versions().list(id, await viewerMayEdit(ctx, id)) }
  })

  router.get(
    '/disclosures/:id/versions/:version',
    maybeAuth,
    validate(ByVersion),
    async function getVersion(ctx) {
      const { id, version } = inputOf(ctx, ByVersion).params
      ctx.body = await versions().getVersion(id, version, await viewerMayEdit(ctx, id))
    },
  )

  router.patch(
    '/disclosures/:id',
    requireAuth,
    validate(Update),
    authorize(['secretary'], disclosureVillage, standIns),
    async function update(ctx) {
      const { params, body } = inputOf(ctx, Update)
      ctx.body = staffView(await svc().update(params.id, body, actorOf(ctx), standIn(ctx)))
    },
  )

  router.post(
    '/disclosures/:id/submit',
    requireAuth,
    validate(Submit),
    authorize(['secretary'], disclosureVillage, standIns),
    async function submit(ctx) {
      const { params, body } = inputOf(ctx, Submit)
      ctx.body = staffView(await svc().submit(params.id, actorOf(ctx), { ...body, ...standIn(ctx) }))
    },
  )

  router.post(
    '/disclosures/:id/review',
    requireAuth,
    validate(Review),
    authorize(reviewers, disclosureVillage),
    async function review(ctx) {
      const { params, body } = inputOf(ctx, Review)
      ctx.body = staffView(await svc().review(params.id, body, currentUser(ctx), actorOf(ctx)))
    },
  )

  router.post(
    '/disclosures/:id/versions',
    requireAuth,
    validate(NewVersion),
    authorize(['secretary'], disclosureVillage, standIns),
    async function newVersion(ctx) {
      const { params, body } = inputOf(ctx, NewVersion)
      ctx.status = 201
      ctx.body = staffView(
        await svc().newVersion(params.id, body.changeNote, currentUser(ctx), actorOf(ctx), standIn(ctx)),
      )
    },
  )

  router.post(
    '/disclosures/:id/retract',
    requireAuth,
    validate(Retract),
    authorize(['secretary', 'township', 'county'], disclosureVillage),
    async function retract(ctx) {
      const { params, body } = inputOf(ctx, Retract)
      ctx.body = staffView(await svc().retract(params.id, body.reason, actorOf(ctx)))
    },
  )
  return router
}

/**
 * Answers a cached public JSON: revalidated every time (Cache-Control no-cache) and answered 304 when the ETag
 * matches, which is cheap for phones on weak connections; gzipped once per copy for clients that accept it.
 * The URL is remembered, so the next anonymous GET of it while the answer is kept takes the fast path
 * (middlewares/public-fast-path.ts), which answers the same bytes without the middleware chain.
 */
function sendPublicJson(
  ctx: Context,
  answer: PublicJson,
  feed: Pick<DisclosureFeedService, 'rememberPublicUrl'>,
): void {
  if (ctx.method === 'GET') feed.rememberPublicUrl(ctx.originalUrl, answer)
  ctx.set('Cache-Control', 'no-cache')
  ctx.set('ETag', answer.etag)
  if (ctx.get('if-none-match') === answer.etag) {
    ctx.status = 304
    return
  }
  ctx.type = 'application/json'
  ctx.vary('Accept-Encoding')
  const gzip = ctx.acceptsEncodings('gzip', 'identity') === 'gzip'
  noteGzipChoice(ctx.req.headers['accept-encoding'], gzip)
  if (gzip) {
    ctx.set('Content-Encoding', 'gzip')
    ctx.body = answer.gzip()
    return
  }
  ctx.body = answer.json
}
