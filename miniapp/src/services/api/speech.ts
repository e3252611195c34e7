import { SpeechDtoSchema, type SpeechDto } from '@cunwu/domain'
import { request } from '@/services/request'

const enc = encodeURIComponent

/**
 * 读给我听: the spoken script of a public disclosure and its audio (`summary`: a long list summarised; `list`: every
 * row, 逐户收听). The audio is synthesised on the server the first time, then cached.
 */
export function getDisclosureSpeech(id: string, part: 'summary' | 'list' = 'summary'): Promise<SpeechDto> {
  return request(`/api/v1/disclosures/${enc(id)}/speech`, { query: { part }, schema: SpeechDtoSchema })
}

/** The village loudspeaker's script and audio of a public disclosure (村村通广播), for the village's staff. */
export function getDisclosureBroadcast(id: string): Promise<SpeechDto> {
  return request(`/api/v1/disclosures/${enc(id)}/broadcast`, { schema: SpeechDtoSchema })
}
