import { Types } from 'mongoose'
import { ErrorCode } from '@cunwu/domain'
import { conflict, type AppError } from '../errors'
import { isDuplicateKey } from '../lib/db-writes'
import type { Models } from '../models'
import type { Consultation } from '../models/Consultation.model'
import type { ConsultationAnswer } from '../models/ConsultationAnswer.model'
import type { ClockService } from './clock.service'
import type { ConsultationTalliesService } from './consultation-tallies.service'

/** The refusal of an answer after the deadline (409 `consultation_closed`). */
export function consultationClosed(): AppError {
  return conflict('征求意见已经截止，不能再提交或修改', ErrorCode.ConsultationClosed)
}

/** Why there is no tally yet: before the deadline, or in the moments after it while the last answers are stored. */
export function tallyNotReadyMessage(deadlinePassed: boolean): string {
  return deadlinePassed ? '征求意见刚刚截止，正在统计结果，请稍后再看' : '征求意见截止后才公布结果'
}

/** What an answer's write sets besides its key, times and counters. */
export type AnswerFields = Pick<
  ConsultationAnswer,
  'villageCode' | 'householdNo' | 'name' | 'via' | 'answeredBy' | 'responses' | 'comment' | 'textCheck'
>

/** Undoing a late write waits for a later late write under the same key to undo itself first (a few tries). */
const UNDO_TRIES = 5
const UNDO_WAIT_MS = 100

/**
 * Writes one answer under its key so that an answer accepted is always counted and none is stored late
 * (docs/consultations.md, Deadline), with no lock: several BFF instances may share the database.
 *
 * - The deadline is checked right before the write and the check's time is stored (`updatedAt`); a check at or
 *   after the deadline is 409 and writes nothing.
 * - The tally freezes only once the deadline and `ANSWER_WRITE_GRACE_MS` after it have passed
 *   (`ConsultationTalliesService.isFinal`), and counts only answers checked before the deadline.
 * - A write that finds itself ending after that grace (a stalled process or database) may have landed after the
 *   tally froze: it puts back the answer it replaced (or removes the one it inserted) and answers 409, so what the
 *   tally counted stands and the person is told the answer did not count.
 *
 * One `findOneAndUpdate` upsert on the unique index `(consultationId, voterKey)`: two answers at once land on the
 * same document (the loser of the insert race hits the index and retries as a replace).
 */
export async function writeAnswer(
  deps: { models: Models; clock: Pick<ClockService, 'now'>; tallies: ConsultationTalliesService },
  c: Pick<Consultation, '_id' | 'deadline'>,
  voterKey: string,
  fields: AnswerFields,
): Promise<{ revisions: number }> {
  const { ConsultationAnswer } = deps.models
  const checkedAt = deps.clock.now()
  if (checkedAt.getTime() >= c.deadline.getTime()) throw consultationClosed()
  const filter = { consultationId: c._id, voterKey }
  const writeId = new Types.ObjectId()
  const update = {
    $set: { ...fields, updatedAt: checkedAt, writeId },
    $setOnInsert: { createdAt: checkedAt },
    $inc: { revisions: 1 },
  }
  const upsert = () =>
    ConsultationAnswer.findOneAndUpdate(filter, update, { upsert: true, returnDocument: 'before' }).lean()
  let before: ConsultationAnswer | null
  try {
    before = await upsert()
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    before = await upsert()
  }
  if (deps.clock.now().getTime() >= deps.tallies.finalAt(c).getTime()) {
    await undoWrite(deps.models, filter, writeId, before)
    throw consultationClosed()
  }
  return { revisions: (before?.revisions ?? 0) + 1 }
}

/**
 * Puts back what a late write replaced, only while the stored answer is still that write's. A later late write
 * under the same key undoes itself to this write's answer, which this then undoes in turn.
 */
async function undoWrite(
  models: Models,
  filter: { consultationId: Types.ObjectId; voterKey: string },
  writeId: Types.ObjectId,
  before: ConsultationAnswer | null,
): Promise<void> {
  for (let i = 0; i < UNDO_TRIES; i++) {
    const undone = before
      ? (await models.ConsultationAnswer.replaceOne({ ...filter, writeId }, before)).matchedCount
      : (await models.ConsultationAnswer.deleteOne({ ...filter, writeId })).deletedCount
    if (undone > 0) return
    await new Promise((resolve) => setTimeout(resolve, UNDO_WAIT_MS))
  }
}
