import { z } from 'zod'
import { ObjectIdSchema } from '../api/disclosures'

/** `GET /disclosures/:id/speech?part=summary|list`: the item read aloud (读给我听). */
export const SpeechRequestSchema = {
  params: z.object({ id: ObjectIdSchema }),
  query: z.object({
    /** `summary`: the item with a long list summarised; `list`: every public row (逐户收听). @default summary */
    part: z.enum(['summary', 'list']).default('summary'),
  }),
}

/** `GET /disclosures/:id/broadcast`: the village loudspeaker's script and audio (村村通广播), for the village's staff. */
export const BroadcastRequestSchema = { params: z.object({ id: ObjectIdSchema }) }

/**
 * An audio file's name: the hex SHA-256 of the engine and the script, and the format (`<key>.mp3` or `<key>.wav`).
 */
export const SpeechAudioFileSchema = z
  .string()
  .regex(/^[0-9a-f]{64}\.(mp3|wav)$/, '声音文件不对，请重新点读给我听')
  .describe('<64 hex digits>.mp3 or .wav')

/** `GET /speech/:file`: one synthesised audio file (cached by content, never changes). */
export const SpeechAudioRequestSchema = {
  params: z.object({ file: SpeechAudioFileSchema }),
  query: z.object({
    /** Answer as a download (Content-Disposition: attachment), for the loudspeaker's computer. @default absent */
    download: z.enum(['1']).optional(),
    /** The download's file name without extension (the item's title). @default the file's own name */
    name: z
      .string()
      .trim()
      .min(1)
      .max(80)
      .regex(/^[^\p{Cc}"\\/:*?<>|]+$/u, '文件名里不能有引号、斜杠或 : * ? < > | 这些符号')
      .optional(),
  }),
}

/** A title made into a download name the audio route accepts: no control, path or quote characters, at most 80. */
export function speechDownloadName(title: string): string {
  let name = ''
  // Whole characters only (a cut surrogate pair could not be encoded), within 80 UTF-16 units as the schema counts.
  for (const ch of title.replace(/[\p{Cc}"\\/:*?<>|]+/gu, '-').trim()) {
    if (name.length + ch.length > 80) break
    name += ch
  }
  return name.trim() || '村务公开'
}

/** A script and its audio. */
export const SpeechDtoSchema = z.object({
  /** What the audio says, in plain Chinese. */
  text: z.string(),
  /** Path of the audio under the API origin (`/api/v1/speech/<key>.mp3`): a normal HTTP resource with Range. */
  audioUrl: z.string(),
  /** `audio/mpeg` or `audio/wav`. */
  contentType: z.string(),
  /** Length of the audio, computed from its samples. */
  durationMs: z.number().int().nonnegative(),
  /** Whether the summary left rows of a long list unread (then `?part=list` reads them one by one, 逐户收听). */
  hasList: z.boolean(),
})
export type SpeechDto = z.infer<typeof SpeechDtoSchema>
