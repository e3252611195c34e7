import Router from '@koa/router'
import type { Context } from 'koa'
import type { DisclosureDto, SpeechDto, SpeechPart } from '@cunwu/domain'
import {
  BroadcastRequestSchema,
  ErrorCode,
  SpeechAudioRequestSchema,
  SpeechRequestSchema,
} from '@cunwu/domain'
import type { AppDeps } from '../../deps'
import { AppError, notFound } from '../../errors'
import { auth, authorize } from '../../middlewares/auth'
import type { RegionResolver } from '../../middlewares/auth'
import { inputOf, validate } from '../../middlewares/validate'
import { attachmentHeader } from '../../presenters/open-data.presenter'

/** Staff who may download an item's loudspeaker broadcast: the village's, and those above it. */
const BROADCAST_ROLES = ['secretary', 'township', 'county', 'admin'] as const

/**
 * A single `bytes=` range of a file of `size` bytes (RFC 9110 §14.1.2), as inclusive offsets; `null` means answer the
 * whole file (no Range, or one this server does not serve in parts, such as several ranges), `'unsatisfiable'` a 416.
 */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | null | 'unsatisfiable' {
  if (!header) return null
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!match) return null
  const [, from = '', to = ''] = match
  if (from === '' && to === '') return null
  if (from === '') {
    // A suffix: the last N bytes.
    const length = Number(to)
    if (length === 0) return 'unsatisfiable'
    return { start: Math.max(0, size - length), end: size - 1 }
  }
  const start = Number(from)
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1)
  if (start >= size || (to !== '' && Number(to) < start)) return 'unsatisfiable'
  return { start, end }
}

/**
 * 读给我听 (`docs/speech.md`): an item's spoken script with its audio, the village loudspeaker's broadcast for staff,
 * and the audio files themselves as ordinary HTTP resources (ETag, Range).
 */
export function speechRouter(deps: AppDeps): Router {
  const router = new Router()
  const requireAuth = auth(() => deps.services().auth)
  const services = () => deps.services()
  const disclosureVillage: RegionResolver = (ctx) =>
    services().disclosures.regionOf(inputOf(ctx, BroadcastRequestSchema).params.id)

  async function spoken(d: DisclosureDto, part: SpeechPart): Promise<SpeechDto> {
    const { script, audio } = await services().speech.speakDisclosure(d, part)
    return {
      text: script.text,
      audioUrl: `/api/v1/speech/${audio.file}`,
      contentType: audio.contentType,
      durationMs: audio.durationMs,
      hasList: script.hasList,
    }
  }

  // Public versions only, for everyone (like the poster): a draft is not read aloud before its review.
  router.get('/disclosures/:id/speech', validate(SpeechRequestSchema), async function speech(ctx) {
    const { params, query } = inputOf(ctx, SpeechRequestSchema)
    const d = await services().feed.get(params.id, false)
    ctx.set('Cache-Control', 'no-cache')
    ctx.body = await spoken(d, query.part)
  })

  router.get(
    '/disclosures/:id/broadcast',
    requireAuth,
    validate(BroadcastRequestSchema),
    authorize(BROADCAST_ROLES, disclosureVillage),
    async function broadcast(ctx) {
      const { params } = inputOf(ctx, BroadcastRequestSchema)
      const d = await services().feed.get(params.id, false)
      ctx.set('Cache-Control', 'no-store')
      ctx.body = await spoken(d, 'broadcast')
    },
  )

  router.get('/speech/:file', validate(SpeechAudioRequestSchema), async function speechAudio(ctx: Context) {
    const { params, query } = inputOf(ctx, SpeechAudioRequestSchema)
    const audio = await services().speech.findFile(params.file)
    if (!audio) throw notFound('音频')
    // The name is the content's hash: the file never changes, so caches may keep it for good.
    const etag = `"${audio.key}"`
    ctx.set('ETag', etag)
    ctx.set('Cache-Control', 'public, max-age=31536000, immutable')
    ctx.set('Accept-Ranges', 'bytes')
    if (query.download)
      ctx.set(
        'Content-Disposition',
        attachmentHeader(`${query.name ?? '村务公开'}.${audio.format}`, audio.file),
      )
    if (ctx.get('If-None-Match') === etag) {
      ctx.status = 304
      return
    }
    // If-Range with another validator asks for the whole (changed) file; ours never changes, but obey it anyway.
    const ifRange = ctx.get('If-Range')
    const range = ifRange && ifRange !== etag ? null : parseRange(ctx.get('Range') || undefined, audio.size)
    if (range === 'unsatisfiable') {
      ctx.set('Content-Range', `bytes */${audio.size}`)
      throw new AppError(416, ErrorCode.RangeNotSatisfiable, '请求的音频范围不存在')
    }
    const { start, end } = range ?? { start: 0, end: audio.size - 1 }
    ctx.type = audio.contentType
    if (range) {
      ctx.status = 206
      ctx.set('Content-Range', `bytes ${start}-${end}/${audio.size}`)
    }
    ctx.length = end - start + 1
    ctx.body = ctx.method === 'HEAD' ? null : services().speech.openRange(audio.id, start, end)
  })
  return router
}
