import type { ServiceGuideDto } from '@cunwu/domain'
import type { PosterItem, PosterOptions } from '../presenters/poster.presenter'
import type { GuidePosterOptions } from '../presenters/guide-poster.presenter'
import type { InvitePoster } from '../presenters/invite-poster.presenter'

/**
 * What the main thread asks a poster worker (poster.worker.ts) to draw, and its answer. Every field is plain data
 * (structured clone); the PDF comes back as transferred bytes.
 */
export type PosterJob =
  | { kind: 'disclosures'; items: readonly PosterItem[]; options: Omit<PosterOptions, 'link'> }
  | { kind: 'guide'; guide: ServiceGuideDto; options: GuidePosterOptions }
  | { kind: 'invite'; invite: InvitePoster }

export type PosterAnswer =
  /** `missingFonts`: fallback font files not installed (logged once by the main thread). */
  | { ok: true; pdf: Uint8Array; missingFonts: string[] }
  /** An error the drawing threw: an AppError's status, code and message (503 without the main font), or 500. */
  | { ok: false; status: number; code: string; message: string }
