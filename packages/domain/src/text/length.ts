import { stripInvisible } from './invisible'

/**
 * How many characters a typed text has as a person counts them, and as the BFF keeps it: each Chinese character,
 * letter, digit or emoji is one (a code point, as zod's string `.max()` counts: UTF-16, which a textarea's maxlength and
 * a mongoose `maxlength` count, makes 😀 two), after removing the characters that show nothing (`stripInvisible`, as the BFF does before validating)
 * and the spaces at either end. The one count of every length limit a villager is told (最多 1000 个字) and of the
 * forms' live counters.
 */
export function textLength(text: string): number {
  return Array.from(stripInvisible(text).trim()).length
}
