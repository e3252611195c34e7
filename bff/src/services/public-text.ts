import { ErrorCode, findMinorDetails, minorDetailsMessage, shanghaiDateOf } from '@cunwu/domain'
import { AppError } from '../errors'

/**
 * Refuses a text staff write to be shown publicly as written (a version's 更改说明, a retraction's reason) when it
 * likely carries a minor's details (`findMinorDetails`, docs/scrubbing.md): 422 `minor_details`, naming the words.
 * Numbers need no refusal here: every public string goes through the scrubber.
 */
export function refuseMinorDetails(text: string, what: string, now: Date = new Date()): void {
  const found = findMinorDetails(text, { currentYear: Number(shanghaiDateOf(now).slice(0, 4)) })
  if (found.length === 0) return
  throw new AppError(
    422,
    ErrorCode.MinorDetails,
    `${what}会公开，${minorDetailsMessage(found)}请改写后再提交。`,
    true,
    {
      words: found.map((f) => f.text),
    },
  )
}
