import { maskHouseNumber } from './mask'

/**
 * House numbers in a person's address typed into free text ("我家住云溪村3组18号", "地址云溪村3组18号"): the
 * rule, its limits and why it is narrow are in docs/scrubbing.md ("Addresses").
 */

/**
 * Words that introduce where a person lives. A bare 地址 counts unless an office word stands right before it
 * (办公地址, 村委会地址 … are public and needed to file an objection).
 */
const RESIDENCE_CUE =
  /(?:家庭住址|家庭地址|通讯地址|住址|家住|住在|现住|居住地|居住在|(?<!办公|受理|咨询|服务|单位|机关|村委会|委员会|政府|中心|公司|银行|网点|窗口|办事|活动|会议|开会|报名|领取|发放)地址)[：:\s]*(?:是|为|在)?/gu
/** The address after a cue: up to the end of the clause or a 的 ("住在3组的村民"), at most 30 characters. */
const ADDRESS_SPAN = /[^。；;！!？?\n，,、）)的]{1,30}/uy
/** An address of an office, not of a person: left whole. */
const OFFICE_WORDS =
  /村委会|委员会|政府|办公|服务中心|服务站|便民|大厅|窗口|卫生院|卫生室|医院|学校|小学|中学|幼儿园|银行|公司|派出所|供电所|财政所|合作社|党群/u
const NUMBER = '[0-9０-９〇零一二三四五六七八九十百幺两]+'
/**
 * A house, building, unit or room number inside such an address: a number right after a place (村, 组, 路, 号 …) or
 * the cue and right before 号/室/栋/幢/单元 ("3组18号", "人民路12号3栋2单元501室"; not "3月5号").
 */
const HOUSE_NUMBER = new RegExp(
  `(?<=[村组队屯庄路街巷道区号楼栋幢元住址：:\\s]|^)${NUMBER}(?=号|室|栋|幢|单元)`,
  'gu',
)
/** A 门牌 number anywhere ("门牌号：25", "门牌18号"): always a house number. */
const DOOR_NUMBER = new RegExp(`(门牌号?码?[：:\\s]*)(${NUMBER})`, 'gu')

/**
 * Masks the house, building, unit and room numbers of an address that follows a residence cue (家住, 住址, 地址 …),
 * and every 门牌 number, keeping the village, 组 and street so the text still reads: "地址云溪村3组18号" →
 * "地址云溪村3组**号".
 */
export function redactHouseNumbers(input: string): string {
  const text = input.includes('门牌')
    ? input.replace(DOOR_NUMBER, (_, label: string, n: string) => label + maskHouseNumber(n))
    : input
  if (!text.includes('住') && !text.includes('地址')) return text
  let out = ''
  let cursor = 0
  RESIDENCE_CUE.lastIndex = 0
  for (let cue = RESIDENCE_CUE.exec(text); cue !== null; cue = RESIDENCE_CUE.exec(text)) {
    const from = cue.index + cue[0].length
    ADDRESS_SPAN.lastIndex = from
    const span = ADDRESS_SPAN.exec(text)
    if (!span || from < cursor) continue
    const address = span[0]
    if (OFFICE_WORDS.test(address)) continue
    out += text.slice(cursor, from) + address.replace(HOUSE_NUMBER, maskHouseNumber)
    cursor = from + address.length
    RESIDENCE_CUE.lastIndex = cursor
  }
  return cursor === 0 ? text : out + text.slice(cursor)
}
