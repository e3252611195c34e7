import { Input, Text, Textarea } from '@tarojs/components'
import { DISCLOSURE_BODY_MAX, DISCLOSURE_TITLE_MAX } from '@cunwu/domain'
import { NO_CUT, TextCount, oneLineMaxLength } from '@/components/text-count'
import type { Form } from './form'

/** Why a decision's 决议公开 shows its title, text and table as they are (docs/decisions.md). */
const GENERATED_NOTE = '内容按会议记录生成，不能改；可以补充说明'

/**
 * The title and the text: fields while the draft is the secretary's to write; as they stand once it is submitted
 * or published, and in a decision's 决议公开, whose title, text and table are written from the recorded meeting
 * (`generated`: the BFF refuses a change with 422), under one line saying so.
 */
export function TextFields({
  form,
  editable,
  generated,
  onChange,
}: {
  form: Form
  editable: boolean
  generated: boolean
  onChange: (patch: Partial<Form>) => void
}) {
  const typed = editable && !generated
  return (
    <>
      {generated && editable && <Text className="cw-sedit__generated">{GENERATED_NOTE}</Text>}
      <Text className="cw-sedit__label">标题</Text>
      {typed ? (
        <>
          <Input
            className="cw-input cw-sedit__title-input"
            value={form.title}
            maxlength={oneLineMaxLength(DISCLOSURE_TITLE_MAX)}
            placeholder="标题，如：2026年4月低保对象名单"
            aria-label="标题"
            onInput={(e) => onChange({ title: e.detail.value })}
          />
          <TextCount
            text={form.title}
            max={DISCLOSURE_TITLE_MAX}
            className="cw-sedit__title-count"
            onlyWhenOver
          />
        </>
      ) : (
        <Text className="cw-sedit__value">{form.title}</Text>
      )}

      <Text className="cw-sedit__label">正文</Text>
      {typed ? (
        <>
          <Textarea
            className="cw-sedit__body"
            value={form.body}
            maxlength={NO_CUT}
            placeholder="用大白话写清楚这次公开的是什么"
            onInput={(e) => onChange({ body: e.detail.value })}
          />
          <TextCount text={form.body} max={DISCLOSURE_BODY_MAX} className="cw-sedit__body-count" />
        </>
      ) : (
        <Text className="cw-sedit__value">{form.body || '（无）'}</Text>
      )}
    </>
  )
}
