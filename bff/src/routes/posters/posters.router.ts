import Router from '@koa/router'
import {
  InvitePosterSchema,
  inviteLinkPath,
  PosterLinkParamsSchema,
  PosterRequestSchema,
  RegionPostersSchema,
  posterLinkPath,
} from '@cunwu/domain'
import type { AppDeps } from '../../deps'
import { rateLimited } from '../../errors'
import { auth, authorize, fromParam } from '../../middlewares/auth'
import { inputOf, validate } from '../../middlewares/validate'
import { renderPoster, renderPosters } from '../../presenters/poster.presenter'
import { renderInvitePoster } from '../../presenters/invite-poster.presenter'
import { attachmentHeader } from '../../presenters/open-data.presenter'
import { publicBase } from '../request-base'

const Poster = PosterRequestSchema
const Link = { params: PosterLinkParamsSchema }
const RegionPosters = RegionPostersSchema
const InvitePoster = InvitePosterSchema

/** Posters drawn at once per server: drawing a long table is CPU work a client could otherwise pile up. */
const MAX_CONCURRENT_POSTERS = 2

/**
 * The printed notice board (`docs/posters.md`): a public disclosure as a PDF poster whose QR code encodes the
 * item's short link, and that link, which opens the item's public page.
 */
export function postersRouter(deps: AppDeps): Router {
  const router = new Router()
  const feed = () => deps.services().feed
  const requireAuth = auth(() => deps.services().auth)
  let drawing = 0

  router.get('/disclosures/:id/poster.pdf', validate(Poster), async function poster(ctx) {
    const { params, query } = inputOf(ctx, Poster)
    // The public view only (drafts are 404 to everyone here; a retracted version prints as retracted).
    const d = await feed().get(params.id, false)
    if (drawing >= MAX_CONCURRENT_POSTERS) throw rateLimited(5)
    drawing++
    try {
      const pdf = await renderPoster(d, {
        size: query.size,
        link: `${publicBase(ctx)}${posterLinkPath(d.id)}`,
        printedAt: new Date(),
      })
      ctx.type = 'application/pdf'
      ctx.set('Cache-Control', 'no-store')
      ctx.set(
        'Content-Disposition',
        attachmentHeader(
          `${d.regionName ?? ''}${d.title}-${query.size}.pdf`,
          `poster-${d.id}-${query.size}.pdf`,
        ),
      )
      ctx.body = pdf
    } finally {
      drawing--
    }
  })

  // The township (or county) prints every village's poster of one item and period, e.g. all 低保 lists of a quarter.
  router.get(
    '/regions/:code/posters.pdf',
    requireAuth,
    validate(RegionPosters),
    authorize(['township', 'county', 'admin'], fromParam('code')),
    async function regionPosters(ctx) {
      const { params, query } = inputOf(ctx, RegionPosters)
      const ids = await deps.services().posters.currentIds(params.code, query.catalogItemId, query.period)
      const list = []
      for (const id of ids) list.push(await feed().get(id, false))
      if (drawing >= MAX_CONCURRENT_POSTERS) throw rateLimited(5)
      drawing++
      try {
        const pdf = await renderPosters(
          list.map((d) => ({ disclosure: d, link: `${publicBase(ctx)}${posterLinkPath(d.id)}` })),
          { size: query.size, printedAt: new Date() },
        )
        ctx.type = 'application/pdf'
        ctx.set('Cache-Control', 'no-store')
        const name = `${list[0]?.catalogItemName ?? ''}${query.period}-${list.length}个村-${query.size}.pdf`
        ctx.set('Content-Disposition', attachmentHeader(name, `posters-${params.code}-${query.period}.pdf`))
        ctx.body = pdf
      } finally {
        drawing--
      }
    },
  )

  // The secretary's join invite on paper (A5 by default), for a villager without a phone at hand to scan later.
  router.get('/invites/:scene/poster.pdf', validate(InvitePoster), async function invitePoster(ctx) {
    const { params, query } = inputOf(ctx, InvitePoster)
    const invite = await deps.services().posters.invite(params.scene)
    if (drawing >= MAX_CONCURRENT_POSTERS) throw rateLimited(5)
    drawing++
    try {
      const link = `${publicBase(ctx)}${inviteLinkPath(params.scene)}`
      const pdf = await renderInvitePoster({ ...invite, link, size: query.size })
      ctx.type = 'application/pdf'
      ctx.set('Cache-Control', 'no-store')
      ctx.set('Content-Disposition', attachmentHeader(`村务通邀请-${invite.name}.pdf`, 'invite.pdf'))
      ctx.body = pdf
    } finally {
      drawing--
    }
  })

  // Outside WeChat a scanned poster lands here and goes on to the item's public H5 page (no sign-in); inside WeChat
  // the 扫普通链接二维码打开小程序 rule for this prefix opens the mini-program instead.
  router.get('/p/:id', validate(Link), async function posterLink(ctx) {
    const { id } = inputOf(ctx, Link).params
    ctx.status = 302
    ctx.redirect(`/#/pages/disclosure/index?id=${id}`)
  })
  return router
}
