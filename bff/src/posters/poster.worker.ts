import { parentPort } from 'node:worker_threads'
import { AppError } from '../errors'
import { renderPosters } from '../presenters/poster.presenter'
import { renderGuidePoster } from '../presenters/guide-poster.presenter'
import { renderInvitePoster } from '../presenters/invite-poster.presenter'
import { missingFallbackFonts } from '../presenters/poster-fonts'
import type { PosterAnswer, PosterJob } from './poster-protocol'

/**
 * A poster worker thread (started by poster-workers.ts): draws one PDF at a time with pdfkit, off the server's event
 * loop and inside its own heap limit. The fonts are read once per worker and kept while it stays warm.
 */

function draw(job: PosterJob): Promise<Buffer> {
  switch (job.kind) {
    case 'disclosures':
      return renderPosters(job.items, job.options)
    case 'guide':
      return renderGuidePoster(job.guide, job.options)
    case 'invite':
      return renderInvitePoster(job.invite)
  }
}

parentPort?.on('message', (job: PosterJob) => {
  draw(job).then(
    (pdf) => {
      // A copy of its own to transfer (a small Buffer may be a view into Node's shared pool).
      const bytes = new Uint8Array(pdf)
      const answer: PosterAnswer = { ok: true, pdf: bytes, missingFonts: missingFallbackFonts() }
      parentPort?.postMessage(answer, [bytes.buffer])
    },
    (error: unknown) => {
      const answer: PosterAnswer =
        error instanceof AppError
          ? { ok: false, status: error.status, code: error.code, message: error.message }
          : { ok: false, status: 500, code: 'internal_error', message: String(error) }
      parentPort?.postMessage(answer)
    },
  )
})
