import {
  ErrorCode,
  findMinorDetails,
  minorDetailsMessage,
  redactSensitiveNumbers,
  shanghaiDateOf,
  type QuestionPublishReq,
} from '@cunwu/domain'
import { AppError, conflict, forbidden, notFound } from '../errors'
import type { Models } from '../models'
import type { Question } from '../models/Question.model'
import type { User } from '../models/User.model'
import { mayActIn } from '../policies/region.policy'
import type { Actor, AuditService } from './audit.service'
import type { ClockService } from './clock.service'
import type { QuestionsService } from './questions.service'

/**
 * Public Q&A (村民问答): a secretary publishes an answered thread once the asker agreed, and the village's secretary
 * or the township/county above withdraws it. What the public reads carries no details of a minor and no personal
 * numbers (docs/questions.md, who sees what).
 */
export class QuestionPublicationService {
  constructor(
    private readonly deps: {
      models: Models
      audit: AuditService
      clock: ClockService
      questions: QuestionsService
    },
  ) {}

  /**
   * Shows an answered thread publicly with its answer; the asker stays anonymous. The texts the public will read
   * (the secretary's public wording where given, else the typed ones) are checked for a minor's details (422
   * `minor_details`, saying which words) and the wording the secretary writes for personal numbers (422
   * `personal_numbers`): typed texts are scrubbed when shown, a wording written to be public should need no mask.
   */
  async publish(id: string, req: QuestionPublishReq, user: User, actor: Actor): Promise<Question> {
    const q = (await this.deps.questions.get(id, user)).question
    if (!mayActIn(user.roles, ['secretary'], q.villageCode)) throw forbidden('只有本村书记可以公开问答')
    if (q.status === 'open') throw conflict('请先答复再公开', ErrorCode.InvalidTransition)
    for (const wording of [req.publicText, req.publicReply]) {
      if (wording !== undefined && redactSensitiveNumbers(wording) !== wording) {
        throw new AppError(
          422,
          ErrorCode.PersonalNumbers,
          '公开的文字里有身份证号、电话、银行卡号或门牌号，请删去后再公开',
        )
      }
    }
    // WeChat's content check asked for a person to look at the asker's words: they are never shown as they are.
    if (q.contentCheck === 'review' && req.publicText === undefined) {
      throw new AppError(
        422,
        ErrorCode.ContentReview,
        '这条留言的原文需要人工核对，不能按原文公开，请在“公开时显示的文字”里改写后再公开',
      )
    }
    const currentYear = Number(shanghaiDateOf(this.deps.clock.now()).slice(0, 4))
    const inText = findMinorDetails(req.publicText ?? q.text, { currentYear })
    const inReply = findMinorDetails(req.publicReply ?? q.reply?.text ?? '', { currentYear })
    if (inText.length + inReply.length > 0) {
      const where =
        inText.length > 0 && inReply.length > 0 ? '问题和答复' : inText.length > 0 ? '问题' : '答复'
      throw new AppError(
        422,
        ErrorCode.MinorDetails,
        `${where}的${minorDetailsMessage([...inText, ...inReply])}请在“公开时显示的文字”里改写。`,
        true,
        { text: inText.map((f) => f.text), reply: inReply.map((f) => f.text) },
      )
    }
    const updated = await this.deps.models.Question.findOneAndUpdate(
      { _id: q._id },
      {
        $set: {
          public: true,
          publicText: req.publicText ?? null,
          publicReplyText: req.publicReply ?? null,
        },
      },
      { returnDocument: 'after' },
    ).lean()
    if (!updated) throw notFound('留言')
    await this.deps.audit.record(actor, {
      action: 'question.publish',
      targetType: 'question',
      targetId: id,
      regionCode: q.villageCode,
      data: { publicText: req.publicText !== undefined, publicReply: req.publicReply !== undefined },
    })
    return updated
  }

  /**
   * Withdraws a public Q&A (撤回公开): the village's secretary or the township/county above, with a reason kept in
   * the audit log. The public then gets 404 and the item's list drops it; the asker and staff keep the thread.
   */
  async unpublish(id: string, reason: string, user: User, actor: Actor): Promise<Question> {
    const q = (await this.deps.questions.get(id, user)).question
    if (!this.deps.questions.mayHandle(user, q.villageCode)) {
      throw forbidden('只有本村书记或上级乡镇、县可以撤回公开的问答')
    }
    const at = this.deps.clock.now()
    const updated = await this.deps.models.Question.findOneAndUpdate(
      { _id: q._id, public: true },
      { $set: { public: false, unpublished: { at, reason, userId: user._id } } },
      { returnDocument: 'after' },
    ).lean()
    if (!updated) throw conflict('这条问答没有公开，不用撤回', ErrorCode.InvalidTransition)
    await this.deps.audit.record(actor, {
      action: 'question.unpublish',
      targetType: 'question',
      targetId: id,
      regionCode: q.villageCode,
      data: { reason },
    })
    return updated
  }
}
