import { readNumbersInText } from '../speech/numbers'
import type { ServiceGuideDto } from './schema'

/** Chinese ordinal of a step for reading aloud (第一步 … 第十二步). */
const STEP_NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二']

/** Ends a spoken sentence with a full stop unless it already ends with punctuation. */
function sentence(text: string): string {
  const t = text.trim()
  return /[。！？；]$/.test(t) ? t : `${t}。`
}

/**
 * What 读给我听 says for a guide: the name and summary, who may apply, the materials, each step, where and when with
 * the local notes, time limit, fee and whom to ask, in plain sentences with numbers read in Chinese. Legal sources
 * and FAQ are left out: they are for reading, and a listener needs the steps.
 */
export function writeGuideSpeechScript(g: Pick<ServiceGuideDto, 'content' | 'notes'>): string {
  const c = g.content
  const parts: string[] = [
    sentence(c.name),
    sentence(c.summary),
    '谁可以申请：',
    ...c.eligibility.map(sentence),
  ]
  parts.push(sentence(`由谁去办：${c.applicant}`))
  if (c.materials.length > 0) parts.push(sentence(`要带的材料：${c.materials.map((m) => m.name).join('；')}`))
  parts.push('办理步骤：')
  c.steps.forEach((s, i) =>
    parts.push(
      sentence(
        `第${STEP_NUMBERS[i] ?? String(i + 1)}步，${s.title}：${s.detail}${s.timeLimit ? `${s.timeLimit}。` : ''}`,
      ),
    ),
  )
  parts.push(sentence(`去哪里办：${c.place.replace(/本地的地点和时间见下方“本地办理”。?/, '')}`))
  for (const n of g.notes) {
    const who = n.regionName ?? (n.level === 'village' ? '本村' : '本乡镇')
    const details = [
      n.place && `地点是${n.place}`,
      n.hours && `时间是${n.hours}`,
      n.contact && `电话是${n.contact}`,
      n.note,
    ].filter(Boolean)
    if (details.length > 0) parts.push(sentence(`${who}的说明：${details.join('，')}`))
  }
  parts.push(
    sentence(`要多久：${c.timeLimit}`),
    sentence(`收不收费：${c.fee}`),
    sentence(`问谁：${c.contact}`),
  )
  return readNumbersInText(parts.join(''))
}
