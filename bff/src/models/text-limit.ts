import { textLength } from '@cunwu/domain'

/**
 * A stored free-text field's length check, counted as the API and the mini-program count (`textLength` in
 * @cunwu/domain: an emoji is one character). Use it instead of mongoose's `maxlength`, which counts UTF-16 units (😀
 * is two) and so refused at save a text the schema had taken, as 400 数据校验未通过 naming no field
 * (docs/api.md, "Typed text"). `label` names the field in the person's words; the message is what the error
 * handler answers if a text ever gets past the schema (middlewares/error-handler.ts).
 *
 * Usage: `text: { type: String, required: true, ...textLimit(QUESTION_TEXT_MAX, '问题') }`.
 */
export function textLimit(max: number, label: string) {
  return {
    validate: {
      validator: (v: unknown) => typeof v !== 'string' || textLength(v) <= max,
      message: `${label}最多 ${max} 个字`,
    },
  }
}
