import { createHash } from 'node:crypto'
import type { Context, Middleware } from 'koa'
import { ErrorCode } from '@cunwu/domain'
import { AppError, validationError } from '../errors'
import { isDuplicateKey } from '../lib/db-writes'
import type { Models } from '../models'

/** How long an answered key is kept: a retry comes within minutes, a day covers a phone that slept. */
const KEY_KEPT_MS = 24 * 60 * 60 * 1000
/** Longest a submission may hold its person's turn; a guard older than this was left by a crash and is taken over. */
const BUSY_MS = 60 * 1000
/**
 * How long a person's answered submission is remembered by its content: the same content sent again by them within
 * this time (a late copy of a double tap, an automatic retry without a key) gets the first answer, not a second record.
 */
export const RECENT_SUBMISSION_MS = 10 * 1000
/** What a client's key looks like: a random id it made when the form opened (docs/api.md). */
const KEY_SHAPE = /^[A-Za-z0-9_-]{16,64}$/

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

function inProgress(ctx: Context): AppError {
  ctx.set('Retry-After', '2')
  return new AppError(409, ErrorCode.SubmissionInProgress, '上一次提交还在处理，请稍候再看', true, {
    retryAfterSeconds: 2,
  })
}

/** A step of writing canonical JSON: text to write as it is, or a value to write. */
type Step = { text: string } | { value: unknown }

const byCodeUnits = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * JSON with every object's keys in order, so a body rebuilt with its keys in another order hashes the same. Written
 * without recursion, so no body can overflow the stack (bodies are also bounded at parsing, MAX_BODY_DEPTH); the
 * text is the one `JSON.stringify` gives with the keys sorted (integer-like keys first, as an object orders them),
 * each string value first passed through `text`.
 */
export function canonicalJson(value: unknown, text: (s: string) => string = (s) => s): string {
  const out: string[] = []
  const todo: Step[] = [{ value }]
  for (let next = todo.pop(); next; next = todo.pop()) {
    if ('text' in next) {
      out.push(next.text)
      continue
    }
    const v = next.value
    if (Array.isArray(v)) {
      const items: Step[] = [{ text: '[' }]
      v.forEach((item: unknown, i) => {
        if (i > 0) items.push({ text: ',' })
        items.push(item === undefined || typeof item === 'function' ? { text: 'null' } : { value: item })
      })
      items.push({ text: ']' })
      for (let i = items.length - 1; i >= 0; i--) todo.push(items[i] as Step)
    } else if (typeof v === 'object' && v !== null) {
      const sorted = Object.fromEntries(Object.entries(v).sort(byCodeUnits)) as Record<string, unknown>
      const items: Step[] = [{ text: '{' }]
      for (const key of Object.keys(sorted)) {
        const field = sorted[key]
        if (field === undefined || typeof field === 'function') continue
        items.push({ text: `${items.length > 1 ? ',' : ''}${JSON.stringify(key)}:` }, { value: field })
      }
      items.push({ text: '}' })
      for (let i = items.length - 1; i >= 0; i--) todo.push(items[i] as Step)
    } else out.push(JSON.stringify(typeof v === 'string' ? text(v) : v) ?? 'null')
  }
  return out.join('')
}

/**
 * A typed text as the guard compares it: without its whitespace, inside it too ("重复提交 测试四" is "重复提交测试四"), so
 * a resend where a space was added or taken out is the same content. Only the comparison: what is stored is as sent.
 */
const withoutSpaces = (s: string) => s.replace(/\s+/gu, '')

/** The body `validate()` parsed (docs/api.md, "Sending a form again"), or the body as sent on a route without one. */
function validatedBody(ctx: Context): unknown {
  const input = ctx.state.input as { body?: unknown } | undefined
  return input ? (input.body ?? null) : (ctx.request.body ?? null)
}

function userIdOf(ctx: Context): string {
  const id = (ctx.state.auth as { user?: { _id?: { toHexString(): string } } } | undefined)?.user?._id
  if (!id) throw new Error('submission guards run after auth()')
  return id.toHexString()
}

/**
 * Makes a create request safe to send twice (docs/api.md, "Sending a form again"), after `auth()` and `validate()`
 * (the content compared is the body as validated):
 *
 * - One at a time: a person's second submission of `kind` while the first still runs is 409
 *   `submission_in_progress` (Retry-After 2). Limits a service checks before it writes (at most 10 open questions)
 *   then hold however many requests arrive at once, and a double tap files once.
 * - `Idempotency-Key` (optional header, 16–64 of A–Z a–z 0–9 _ -): the first answer (2xx) of a person's key for
 *   `kind` is kept for a day and sent again for the same key, marked `Idempotent-Replayed: true`, instead of
 *   filing again: a retry after an answer lost on a weak network. The same key with another target or body is 422
 *   `idempotency_key_reused`. A failed request keeps nothing, so it can be sent again.
 * - The same content again, with or without a key: for `RECENT_SUBMISSION_MS` after a person's submission of `kind`
 *   was answered (2xx), the same target and body from them (whitespace in its texts aside) is answered with that
 *   answer (`Idempotent-Replayed`), so a copy that reaches the guard just after the first finished files nothing. It is checked once the person's
 *   turn is taken, and written before the turn is given back, so no copy slips between the two.
 */
export function submissionGuard(kind: string, models: () => Pick<Models, 'SubmissionGuard'>): Middleware {
  return async function submissionGuardMiddleware(ctx, next) {
    const Guard = models().SubmissionGuard
    const user = userIdOf(ctx)
    const key = ctx.get('idempotency-key')
    if (key !== '' && !KEY_SHAPE.test(key)) {
      throw validationError({ 'header.idempotency-key': '提交编号不对，请重新打开页面再提交' })
    }
    const now = Date.now()
    const keyId = key === '' ? null : `key:${sha256(`${user}|${kind}|${key}`)}`
    // What the key stands for: the request's target (its path: the disclosure asked about, the village) and body
    // as validated (trimmed, invisible characters removed, defaults filled) and with no whitespace in its texts, so a
    // copy differing only in what the schemas clean away (" 重复提交 " for "重复提交") or in a space typed inside a
    // text ("重复 提交") is the same content; the body as sent if nothing validated it.
    const bodyHash = sha256(`${ctx.path.toLowerCase()}\n${canonicalJson(validatedBody(ctx), withoutSpaces)}`)
    const recentId = `recent:${sha256(`${user}|${kind}|${bodyHash}`)}`
    if (keyId) {
      const kept = await Guard.findById(keyId).lean()
      if (kept) {
        if (kept.bodyHash !== bodyHash) {
          throw new AppError(
            422,
            ErrorCode.IdempotencyKeyReused,
            '这次提交的内容与上次不同，请重新打开页面再提交',
          )
        }
        if (kept.state !== 'done') throw inProgress(ctx)
        ctx.status = kept.status ?? 200
        ctx.body = kept.body
        ctx.set('Idempotent-Replayed', 'true')
        return
      }
    }
    // The person's turn: a guard left by a request that never finished (a crash) is taken over once it is stale.
    const busyId = `busy:${kind}|${user}`
    const busy = { state: 'pending' as const, createdAt: new Date(now), expiresAt: new Date(now + BUSY_MS) }
    try {
      await Guard.create({ _id: busyId, ...busy })
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
      const taken = await Guard.findOneAndUpdate(
        { _id: busyId, createdAt: { $lt: new Date(now - BUSY_MS) } },
        { $set: busy },
      ).lean()
      if (!taken) throw inProgress(ctx)
    }
    try {
      // The same content answered a moment ago (the TTL monitor is slow, so the time is checked here).
      const recent = await Guard.findOne({ _id: recentId, expiresAt: { $gt: new Date(now) } }).lean()
      if (recent) {
        if (keyId) await keepAnswer(Guard, keyId, bodyHash, recent, now)
        ctx.status = recent.status ?? 200
        ctx.body = recent.body
        ctx.set('Idempotent-Replayed', 'true')
        return
      }
      if (keyId) {
        try {
          await Guard.create({
            _id: keyId,
            bodyHash,
            state: 'pending',
            createdAt: new Date(now),
            expiresAt: new Date(now + KEY_KEPT_MS),
          })
        } catch (err) {
          // The same key under another kind's turn (a client that reuses keys across forms): its own answer stands.
          if (isDuplicateKey(err)) throw inProgress(ctx)
          throw err
        }
      }
      let kept = false
      try {
        await next()
        if (ctx.status >= 200 && ctx.status < 300) {
          const answer = { state: 'done' as const, status: ctx.status, body: ctx.body }
          if (keyId) await Guard.updateOne({ _id: keyId }, { $set: answer })
          kept = true
          const done = Date.now()
          await Guard.replaceOne(
            { _id: recentId },
            {
              ...answer,
              bodyHash,
              createdAt: new Date(done),
              expiresAt: new Date(done + RECENT_SUBMISSION_MS),
            },
            { upsert: true },
          )
        }
      } finally {
        if (keyId && !kept) await Guard.deleteOne({ _id: keyId, state: 'pending' })
      }
    } finally {
      await Guard.deleteOne({ _id: busyId, createdAt: busy.createdAt })
    }
  }
}

/** Keeps a replayed answer under the key it was asked with too, so that key answers the same way for a day. */
async function keepAnswer(
  Guard: Models['SubmissionGuard'],
  keyId: string,
  bodyHash: string,
  answer: { status?: number; body?: unknown },
  now: number,
): Promise<void> {
  try {
    await Guard.create({
      _id: keyId,
      bodyHash,
      state: 'done',
      status: answer.status,
      body: answer.body,
      createdAt: new Date(now),
      expiresAt: new Date(now + KEY_KEPT_MS),
    })
  } catch (err) {
    // A copy with the same key kept it first: the same answer.
    if (!isDuplicateKey(err)) throw err
  }
}
