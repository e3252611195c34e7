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
  /(?:家庭住址|家庭地址|通讯地址|住址|家住|住在|现住|居住地|居住在|我住|我家在|(?<!办公|受理|咨询|服务|单位|机关|村委会|委员会|政府|中心|公司|银行|网点|窗口|办事|活动|会议|开会|报名|领取|发放)地址)[：:\s]*(?:是|为|在)?/gu
/**
 * The address after a cue: up to the end of the clause, a 的 ("住在3组的村民") or an opening bracket (a landmark in
 * brackets, "18号（村委会对面）", is not part of the address), at most 30 characters.
 */
const ADDRESS_SPAN = /[^。；;！!？?\n，,、（(【[）)】\]的]{1,30}/uy
/** An address of an office, not of a person: left whole. */
const OFFICE_WORDS =
  /村委会|委员会|政府|办公|服务中心|服务站|便民|大厅|窗口|卫生院|卫生室|医院|学校|小学|中学|幼儿园|银行|公司|派出所|供电所|财政所|合作社|党群/u
/**
 * An office word used as a landmark or as the name of staff housing inside a person's address ("家住学校旁边3组18号",
 * "家住银行宿舍3栋501室"): it does not make the address an office's.
 */
const OFFICE_LANDMARK = new RegExp(
  `(?:${OFFICE_WORDS.source})(?:旁边|旁|对面|对过|附近|隔壁|后面|后边|前面|前边|边上|东边|西边|南边|北边|东侧|西侧|南侧|北侧|宿舍|家属院|家属区|家属楼|小区)`,
  'gu',
)
const NUMBER = '[0-9０-９〇零一二三四五六七八九十百幺两]+'
/**
 * A house, building, unit or room number inside such an address: a number right after a place (村, 组, 路, 号, 弄,
 * 宿舍, 第 …), a space or the cue, optionally with a sub-number ("18-2号"), and right before 号/號/室/栋/幢/单元/弄/#,
 * a space allowed before it ("3组18号", "18 号", "第18号", "人民路18弄3号", "18#"; not "3月5号").
 */
const HOUSE_NUMBER = new RegExp(
  `(?<=[村组組队屯庄路街巷道区號号楼樓栋棟幢元弄里舍边邊面近第住址在：:\\s]|^)${NUMBER}(?:[-－—]${NUMBER})?(?=\\s?(?:号|號|室|栋|棟|幢|单元|單元|弄|#|＃))`,
  'gu',
)
/** A 门牌 number anywhere ("门牌号：25", "门牌18号"): always a house number. */
const DOOR_NUMBER = new RegExp(`(门牌号?码?[：:\\s]*)(${NUMBER})`, 'gu')

/** Whether an office word heads the address (村委会…, …便民服务中心), not only names a landmark next to it. */
function isOfficeAddress(address: string): boolean {
  return OFFICE_WORDS.test(address.replace(OFFICE_LANDMARK, ''))
}

/**
 * Masks the house, building, unit and room numbers of an address that follows a residence cue (家住, 住址, 地址 …),
 * and every 门牌 number, keeping the village, 组 and street so the text still reads: "地址云溪村3组18号" →
 * "地址云溪村3组**号".
 */
export function redactHouseNumbers(input: string): string {
  const text = input.includes('门牌')
    ? input.replace(DOOR_NUMBER, (_, label: string, n: string) => label + maskHouseNumber(n))
    : input
  if (!text.includes('住') && !text.includes('地址') && !text.includes('家在')) return text
  let out = ''
  let cursor = 0
  RESIDENCE_CUE.lastIndex = 0
  for (let cue = RESIDENCE_CUE.exec(text); cue !== null; cue = RESIDENCE_CUE.exec(text)) {
    const from = cue.index + cue[0].length
    ADDRESS_SPAN.lastIndex = from
    const span = ADDRESS_SPAN.exec(text)
    if (!span || from < cursor) continue
    const address = span[0]
    if (isOfficeAddress(address)) continue
    out +=
      text.slice(cursor, from) +
      address.replace(HOUSE_NUMBER, (n) => n.replace(/[^-－—]+/gu, maskHouseNumber))
    cursor = from + address.length
    RESIDENCE_CUE.lastIndex = cursor
  }
  return cursor === 0 ? text : out + text.slice(cursor)
}
