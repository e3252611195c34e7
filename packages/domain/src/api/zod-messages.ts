// Types from zod's `core` export, not `z.core`: the H5 build hands zod's chunk every `z.<member>` the sources name
// (miniapp/config/zod-members.js), and `core` would bring all of zod.
import type { core } from 'zod'

/** A choice shown as it is: short, and no lower-case Latin letters (which would be a code, not a word). */
const READABLE_CHOICE = /^[A-Z0-9\u4e00-\u9fff（）·-]{1,12}$/

/**
 * The largest bound a message states as a number. Beyond it a limit is not one a person would recognise: zod's own
 * bound of every integer (Number.MAX_SAFE_INTEGER, 9007199254740991, met by a version of 1e308) is said in words.
 */
const MAX_STATED_BOUND = 1e9

/**
 * Plain Chinese for zod's own messages, where a schema gives none ("最多 50 个字" rather than zod's English "Too
 * big: expected string to have <=50 characters", or its zh-CN locale's "期望 string"): what a villager may read in
 * an error. A message written in a schema wins over these (zod's precedence). Install with
 * zod's `config({ customError: chineseZodMessage })`.
 */
export function chineseZodMessage(issue: core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'too_big': {
      const max = Number(issue.maximum)
      if (issue.origin === 'string') return `最多 ${max} 个字`
      if (issue.origin === 'array' || issue.origin === 'set') return `最多 ${max} 项`
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
        if (max >= MAX_STATED_BOUND) return '数字过大，请核对'
        return issue.inclusive === false ? `应小于 ${max}` : `不能大于 ${max}`
      }
      return '内容太多'
    }
    case 'too_small': {
      const min = Number(issue.minimum)
      if (issue.origin === 'string') return min <= 1 ? '不能为空' : `至少 ${min} 个字`
      if (issue.origin === 'array' || issue.origin === 'set') return `至少 ${min} 项`
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
        if (min <= -MAX_STATED_BOUND) return '数字过小，请核对'
        return issue.inclusive === false ? `应大于 ${min}` : `不能小于 ${min}`
      }
      return '内容太少'
    }
    case 'invalid_type':
      if (issue.input === undefined) return '必须填写'
      if (issue.expected === 'number' || issue.expected === 'int' || issue.expected === 'bigint')
        return '应为数字'
      if (issue.expected === 'string') return '应为文字'
      if (issue.expected === 'boolean') return '应为是或否'
      if (issue.expected === 'array') return '应为一组内容'
      return '格式不对'
    case 'invalid_value': {
      // A choice left out is missing, as any other field (an enum reports it as a value not among its choices).
      if (issue.input === undefined) return '必须填写'
      // The choices, when they are words a person can read (A4, A3, 是, 2026): never internal codes like 'dibao'.
      const values = issue.values as readonly unknown[]
      const readable =
        values.length > 0 &&
        values.length <= 8 &&
        values.every((v) => typeof v === 'number' || (typeof v === 'string' && READABLE_CHOICE.test(v)))
      return readable ? `不是可以选的值，可选：${values.map(String).join('、')}` : '不是可以选的值'
    }
    case 'not_multiple_of':
      return '数值不对'
    case 'unrecognized_keys':
      // The names a program sent that the API does not know (the app never sends any): refused, never dropped.
      return issue.keys.length > 0 ? `有多余的内容：${issue.keys.slice(0, 5).join('、')}` : '有多余的内容'
    default:
      return '格式不对'
  }
}
