import type { ConsultationDto, MeDto } from '@cunwu/domain'
import { formatDateTime } from '@/utils/format'

/** The consultation pages' plain words: how one answers, whether it is still open, and who may open one. */

/** `按人` or `按户`, as villagers say it. */
export function unitWords(c: Pick<ConsultationDto, 'unit'>): string {
  return c.unit === 'household' ? '每户一份意见，由户主填写' : '每人一份意见'
}

/** Where it stands, in plain words. */
export function statusWords(c: Pick<ConsultationDto, 'closed' | 'status' | 'deadline'>): string {
  if (!c.closed) return `正在征求意见，${formatDateTime(c.deadline)}截止`
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
