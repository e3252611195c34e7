import Router from '@koa/router'
import type { Context } from 'koa'
import {
  findCatalogItem,
  InvitePosterSchema,
  inviteLinkPath,
  PosterLinkParamsSchema,
  PosterRequestSchema,
  RegionPostersSchema,
  posterLinkPath,
} from '@cunwu/domain'
import type { AppDeps } from '../../deps'
import { auth, authorize, fromParam } from '../../middlewares/auth'
import { inputOf, validate } from '../../middlewares/validate'
import { attachmentHeader } from '../../presenters/open-data.presenter'
import { posterSlots, posterWorkers } from '../../posters/poster-workers'
import { publicBase } from '../request-base'

const Poster = PosterRequestSchema
const Link = { params: PosterLinkParamsSchema }
const RegionPosters = RegionPostersSchema
const InvitePoster = InvitePosterSchema

/**
 * The printed notice board (`docs/posters.md`): a public disclosure as a PDF poster whose QR code encodes the
 * item's short link, and that link, which opens the item's public page.
 */
export function postersRouter(deps: AppDeps): Router {
  const router = new Router()
  const feed = () => deps.services().feed
  const requireAuth = auth(() => deps.services().auth)
  /**
   * A poster request holds one of the process's poster slots from its first step (429 rate_limited beyond
   * MAX_POSTERS_IN_FLIGHT) and is drawn in a poster worker; HEAD is answered from the lookup alone, nothing drawn.
   */
  const slotFor = (ctx: Context) => (ctx.method === 'HEAD' ? null : posterSlots.take())

  router.get('/disclosures/:id/poster.pdf', validate(Poster), async function poster(ctx) {
    const { params, query } = inputOf(ctx, Poster)
    const release = slotFor(ctx)
    try {
      // The public view only (drafts are 404 to everyone here; a retracted version prints as retracted).
      const d = await feed().get(params.id, false)
      const pdf = release
        ? await posterWorkers.draw(
            {
              kind: 'disclosures',
              items: [{ disclosure: d, link: `${publicBase(ctx)}${posterLinkPath(d.id)}` }],
              options: { size: query.size, printedAt: new Date() },
            },
            deps.logger,
          )
        : null
      ctx.type = 'application/pdf'
      ctx.set('Cache-Control', 'no-store')
      ctx.set(
        'Content-Disposition',
        attachmentHeader(
          `${d.regionName ?? ''}${d.title}-${query.size}.pdf`,
          `poster-${d.id}-${query.size}.pdf`,
        ),
      )
      if (pdf) ctx.body = pdf
      else ctx.status = 200
    } finally {
      release?.()
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
      const release = slotFor(ctx)
      try {
        const ids = await deps.services().posters.currentIds(params.code, query.catalogItemId, query.period)
        const list = []
        // HEAD: the list exists (else 404 above); nothing is read further or drawn.
        if (release) for (const id of ids) list.push(await feed().get(id, false))
        const pdf = release
          ? await posterWorkers.draw(
              {
                kind: 'disclosures',
                items: list.map((d) => ({
                  disclosure: d,
                  link: `${publicBase(ctx)}${posterLinkPath(d.id)}`,
                })),
                options: { size: query.size, printedAt: new Date() },
              },
              deps.logger,
            )
          : null
        ctx.type = 'application/pdf'
        ctx.set('Cache-Control', 'no-store')
        const item = findCatalogItem(query.catalogItemId)?.name ?? list[0]?.catalogItemName ?? ''
        const name = `${item}${query.period}-${ids.length}个村-${query.size}.pdf`
        ctx.set('Content-Disposition', attachmentHeader(name, `posters-${params.code}-${query.period}.pdf`))
        if (pdf) ctx.body = pdf
        else ctx.status = 200
      } finally {
        release?.()
      }
    },
  )

  // The secretary's join invite on paper (A5 by default), for a villager without a phone at hand to scan later.
  router.get('/invites/:scene/poster.pdf', validate(InvitePoster), async function invitePoster(ctx) {
    const { params, query } = inputOf(ctx, InvitePoster)
    const release = slotFor(ctx)
    try {
      const invite = await deps.services().posters.invite(params.scene)
      const link = `${publicBase(ctx)}${inviteLinkPath(params.scene)}`
      const pdf = release
        ? await posterWorkers.draw(
            { kind: 'invite', invite: { ...invite, link, size: query.size } },
            deps.logger,
          )
        : null
      ctx.type = 'application/pdf'
      ctx.set('Cache-Control', 'no-store')
      ctx.set('Content-Disposition', attachmentHeader(`村务通邀请-${invite.name}.pdf`, 'invite.pdf'))
      if (pdf) ctx.body = pdf
      else ctx.status = 200
    } finally {
      release?.()
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
