import { z } from 'zod'
import { PeriodKeySchema } from '../catalog/period'
import { DivisionCodeSchema } from '../regions/code'
import { ObjectIdSchema } from './disclosures'
import { InviteParamsSchema } from './memberships'

/** Paper sizes of a printed poster (公开栏). */
export const PosterSizeSchema = z.enum(['A4', 'A3'])
export type PosterSize = z.infer<typeof PosterSizeSchema>

/** `GET /disclosures/:id/poster.pdf?size=A4|A3`. */
export const PosterRequestSchema = {
  params: z.object({ id: ObjectIdSchema }),
  query: z.object({ size: PosterSizeSchema.default('A4') }),
}

/** The short link a poster's QR code encodes: `/api/v1/p/:id` opens the item (`docs/posters.md`). */
export const PosterLinkParamsSchema = z.object({ id: ObjectIdSchema })

/** The path of a disclosure's poster link, relative to the BFF's origin. */
export function posterLinkPath(disclosureId: string): string {
  return `/api/v1/p/${disclosureId}`
}

/** `GET /regions/:code/posters.pdf?catalogItemId=&period=&size=`: every village's poster of one item and period. */
export const RegionPostersSchema = {
  params: z.object({ code: DivisionCodeSchema }),
  query: z.object({
    catalogItemId: z.string().min(1).max(120),
    period: PeriodKeySchema,
    size: PosterSizeSchema.default('A4'),
  }),
}

/**
 * The disclosure id in a scanned poster link (`https://host/api/v1/p/<id>`, possibly with a query), or undefined
 * when the text is no such link. WeChat hands the mini-program the scanned URL in the page's `q` parameter.
 */
export function disclosureIdOfPosterLink(url: string): string | undefined {
  const match = /^https?:\/\/[^/]+\/api\/v1\/p\/([0-9a-f]{24})(?:[?#].*)?$/.exec(url)
  return match?.[1]
}

/** Paper sizes of a printed join invite: A5 (half an A4 sheet) by default. */
export const InvitePosterSizeSchema = z.enum(['A5', 'A4'])
export type InvitePosterSize = z.infer<typeof InvitePosterSizeSchema>

/**
 * `GET /invites/:scene/poster.pdf?size=A5|A4`: the secretary's join invite as a printable sheet. The scene is the
 * invite's secret (about 93 random bits); whoever holds it may already join with it, so it may print it too.
 */
export const InvitePosterSchema = {
  params: InviteParamsSchema,
  query: z.object({ size: InvitePosterSizeSchema.default('A5') }),
}

/** The path (under the BFF's origin) an invite's QR code opens: the H5 join page with the scene. */
export function inviteLinkPath(scene: string): string {
  return `/#/pages/join/index?scene=${scene}`
}
