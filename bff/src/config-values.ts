import fs from 'node:fs'
import { z } from 'zod'

// The kinds of value an environment variable of the BFF holds (config.ts), each with a message in Chinese that
// names what is allowed: the operator reads these messages at start-up, one line per bad variable.

/**
 * A whole number written in decimal digits only (no sign, blank, hex, exponent or fraction) between `min` and `max`.
 * `PORT=0x1F90` or `PORT=1e3` is refused rather than read as 8080 or 1000.
 */
export function int(min: number, max?: number) {
  const message =
    max === undefined
      ? `应为不小于 ${min} 的整数（十进制数字）`
      : `应为 ${min} 到 ${max} 之间的整数（十进制数字）`
  return z
    .string()
    .refine(
      (v) => /^\d{1,15}$/.test(v) && Number(v) >= min && (max === undefined || Number(v) <= max),
      message,
    )
    .transform(Number)
}

/** A number above 0 and at most `max`, in decimal digits with an optional fraction (`2.5`). */
export function positiveDecimal(max: number) {
  return z
    .string()
    .refine(
      (v) => /^\d{1,15}(\.\d{1,6})?$/.test(v) && Number(v) > 0 && Number(v) <= max,
      `应为大于 0、不超过 ${max} 的数（十进制数字，可带小数）`,
    )
    .transform(Number)
}

/** One of `values`, named in the message. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `应为以下之一：${values.join('、')}` })
}

/** `true`/`1` or `false`/`0`. */
export const flag = z
  .enum(['true', 'false', '1', '0'], { error: '应为 true、false、1 或 0' })
  .transform((v) => v === 'true' || v === '1')

/** An absolute http:// or https:// URL. */
export function httpUrl(extra = '') {
  return z.string().refine((v) => {
    const url = URL.parse(v)
    return url !== null && (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== ''
  }, `应为 http:// 或 https:// 开头的网址${extra}`)
}

/** Comma-separated web origins (`https://h5.example.cn`, scheme, host and port only), as CORS compares them. */
export const origins = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  )
  .refine(
    (list) =>
      list.every((o) => {
        const url = URL.parse(o)
        return url !== null && (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === o
      }),
    '每一项应为 http:// 或 https:// 开头的来源，只含域名和端口，如 https://h5.example.cn（不带路径和结尾的 /，不能用 *），多项用英文逗号隔开',
  )

/** A folder that exists; empty turns the feature off. */
export const folderOrEmpty = z
  .string()
  .refine((dir) => dir === '' || isDirectory(dir), '这个文件夹不存在；不需要时设为空')

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory()
  } catch {
    return false
  }
}

/** The message of a variable that holds only blanks (spaces, tabs): an error, unlike an empty one, which is unset. */
export const ONLY_BLANKS = '只有空白字符；不设置时请留空或删去这个变量'
