import type { ConsultationDto, MeDto } from '@cunwu/domain'
import { formatDateTime } from '@/utils/format'

/** The consultation pages' plain words: how one answers, whether it is still open, and who may open one. */

/** `按人` or `按户`, and whether it is a named vote, as villagers say it. */
export function unitWords(c: Pick<ConsultationDto, 'unit' | 'ballot'>): string {
  const unit = c.unit === 'household' ? '每户一份意见，由户主填写' : '每人一份意见'
  return `${unit} · ${c.ballot === 'open' ? '记名表决' : '不记名'}`
}

/**
 * What staff can see of an answer, said before one answers. True to what the BFF shows them
 * (docs/consultations.md, Privacy of choices): the participants' list names everyone who answered; in an open vote
 * (记名表决) it also holds each person's choices and open-text answers, in a secret one neither. The 其他意见 comment,
 * and in a secret one the open-text answers, are listed without a name either way, only after the deadline, and the
 * summary may print them.
 */
export function ballotWords(c: Pick<ConsultationDto, 'ballot' | 'questions'>): string {
  if (c.ballot === 'open')
    return '这是记名表决：村里的工作人员能看到您选了什么、填了什么（乡镇和县里的工作人员也能看到）。“其他意见”不署名。'
  const secret = '这次不记名：工作人员只能看到谁参加了，看不到您选了什么。'
  return c.questions.some((q) => q.kind === 'text')
    ? `${secret}写字回答的题和“其他意见”都不署名：截止后，工作人员能看到写了什么，但不知道是谁写的，也可能在结果里公开。`
    : `${secret}“其他意见”不署名，截止后工作人员能看到，也可能在结果里公开。`
}

/** The same under the result: what is published, and what staff can see, for the vote's kind. */
export function resultBallotWords(c: Pick<ConsultationDto, 'ballot'>): string {
  return c.ballot === 'open'
    ? '这是记名表决：这里只公布人数；村里、乡镇和县里的工作人员能看到每个人选了什么。'
    : '这次不记名：只公布人数，谁选了什么，工作人员也看不到。'
}

/** Where it stands, in plain words (the tally freezes a few seconds after the deadline, docs/consultations.md). */
export function statusWords(c: Pick<ConsultationDto, 'closed' | 'status' | 'deadline' | 'tally'>): string {
  if (!c.closed) return `正在征求意见，${formatDateTime(c.deadline)}截止`
  if (!c.tally) return '已截止，正在统计结果，请稍后再看'
  if (c.status === 'summarised') return '已截止，结果已公布'
  return '已截止，可以看结果'
}

/** Whether the viewer may open consultations in a village: its secretary or township staff above it. */
export function mayOpenIn(me: MeDto, villageCode: string): boolean {
  return me.roles.some(
    (g) =>
      (g.role === 'secretary' && g.regionCode === villageCode) ||
      (g.role === 'township' && villageCode.startsWith(g.regionCode.slice(0, 9))),
  )
}

/** Whether the viewer is staff of the village (sees who took part). */
export function isStaffOf(me: MeDto, villageCode: string): boolean {
  return mayOpenIn(me, villageCode) || me.roles.some((g) => g.role === 'county' || g.role === 'admin')
}
