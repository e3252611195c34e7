import { useEffect, useState } from 'react'
import { Button, Input, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import type { ConsultationBallot, ConsultationQuestion, ConsultationUnit, DisclosureDto } from '@cunwu/domain'
import {
  CONSULTATION_DRAFT_MAX,
  CONSULTATION_MAX_QUESTIONS,
  CONSULTATION_QUESTION_TEXT_MAX,
  CONSULTATION_TITLE_MAX,
} from '@cunwu/domain'
import { clearKeptDraft, readKeptDraft, useKeptDraft } from '@/hooks/use-kept-draft'
import { useIdempotencyKey, useSubmitOnce } from '@/hooks/use-submit-once'
import { ChoiceChips, type Choice } from '@/components/choice-chips'
import { ErrorBox } from '@/components/page-state'
import { openConsultation } from '@/services/api/consultations'
import { listVillageDisclosures } from '@/services/api/disclosure-drafts'
import { Routes, pageUrl, readQueryParam } from '@/routes'
import { errorText } from '@/utils/errors'
import { PageRoot } from '@/components/page-root'
import { NO_CUT, TextCount, firstTooLong, oneLineMaxLength, tooLongText } from '@/components/text-count'
import './index.scss'

interface QuestionDraft {
  text: string
  kind: ConsultationQuestion['kind']
  /** Options, one per line. */
  options: string
}

/** The form as kept on the phone until it is sent. */
interface KeptConsultation {
  title: string
  draft: string
  days: number
  unit: ConsultationUnit
  ballot: ConsultationBallot
  questions: QuestionDraft[]
  filesFrom: string
}

/** The form as it opens with nothing kept. */
const BLANK: KeptConsultation = {
  title: '',
  draft: '',
  days: 7,
  unit: 'household',
  ballot: 'secret',
  questions: [{ text: '', kind: 'single', options: '同意\n不同意' }],
  filesFrom: '',
}

const KIND_WORDS = { single: '单选', multiple: '多选', text: '填空' } as const
const DAY_CHOICES = [3, 7, 15, 30] as const

/** The shared choice chips (`components/choice-chips`) in the decide pages' look. */
function Chips<T extends string | number>(props: {
  label: string
  value: T
  choices: readonly Choice<T>[]
  onChange: (v: T) => void
  className: string
}) {
  return (
    <ChoiceChips
      label={props.label}
      value={props.value}
      choices={props.choices}
      onChange={props.onChange}
      className="cw-decide__choice"
      optionClassName={`cw-decide__option ${props.className}`}
      checkedClassName="cw-decide__option--on"
    />
  )
}

/** The deadline `days` days from now (computed when sent, so a retry later gives as many days). */
function deadlineIn(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString()
}

/** The form's questions as the API takes them, or the first problem in plain words. */
function toQuestions(drafts: QuestionDraft[]): ConsultationQuestion[] | string {
  const out: ConsultationQuestion[] = []
  for (const [i, d] of drafts.entries()) {
    if (!d.text.trim()) return `第 ${i + 1} 题还没有写问题`
    const tooLong = tooLongText(`第 ${i + 1} 题`, d.text, CONSULTATION_QUESTION_TEXT_MAX)
    if (tooLong) return tooLong
    if (d.kind === 'text') {
      out.push({ kind: 'text', text: d.text.trim() })
      continue
    }
    const options = d.options
      .split('\n')
      .map((o) => o.trim())
      .filter((o) => o.length > 0)
    if (options.length < 2) return `第 ${i + 1} 题至少要有两个选项，每行写一个`
    out.push({ kind: d.kind, text: d.text.trim(), options })
  }
  return out
}

/** The secretary (or township staff) opens a consultation on a draft: questions, deadline, who answers. */
export default function ConsultNewPage() {
  const { params } = useRouter()
  const village = readQueryParam(params.village)
  // What was typed is kept until the consultation is opened (hooks/use-kept-draft.ts), and put back when it opens.
  const keptKey = village ? `consult-new.${village}` : null
  const [kept] = useState(() => (keptKey ? readKeptDraft<KeptConsultation>(keptKey) : null))
  const start = kept ?? BLANK
  const [title, setTitle] = useState(start.title)
  const [draft, setDraft] = useState(start.draft)
  const [days, setDays] = useState<number>(start.days)
  const [unit, setUnit] = useState<ConsultationUnit>(start.unit)
  const [ballot, setBallot] = useState<ConsultationBallot>(start.ballot)
  const [questions, setQuestions] = useState<QuestionDraft[]>(start.questions)
  const [formError, setFormError] = useState<string | null>(null)
  const { busy: saving, once } = useSubmitOnce()
  const idempotency = useIdempotencyKey()
  // The draft's files come from a published item of the village that carries them (no second upload).
  const [withFiles, setWithFiles] = useState<DisclosureDto[]>([])
  const [filesFrom, setFilesFrom] = useState(start.filesFrom)
  useKeptDraft<KeptConsultation>(keptKey, { title, draft, days, unit, ballot, questions, filesFrom }, BLANK)
  useEffect(() => {
    if (!village) return
    listVillageDisclosures(village, 'published').then(
      (list) => setWithFiles(list.filter((d) => d.attachments.length > 0).slice(0, 20)),
      // Only a convenience: without the list the consultation is opened without files.
      () => setWithFiles([]),
    )
  }, [village])
  if (!village)
    return (
      <PageRoot>
        <ErrorBox title="不能发起征求意见" message="请从本村的征求意见列表进入" />
      </PageRoot>
    )

  const edit = (i: number, change: Partial<QuestionDraft>) =>
    setQuestions((qs) => qs.map((q, j) => (j === i ? { ...q, ...change } : q)))

  const submit = once(async () => {
    if (title.trim().length < 2) return setFormError('请写标题（至少 2 个字）')
    if (!draft.trim()) return setFormError('请写征求意见稿的内容')
    const tooLong = firstTooLong([
      ['标题', title, CONSULTATION_TITLE_MAX],
      ['征求意见稿', draft, CONSULTATION_DRAFT_MAX],
    ])
    if (tooLong) return setFormError(tooLong)
    const qs = toQuestions(questions)
    if (typeof qs === 'string') return setFormError(qs)
    setFormError(null)
    const filled = {
      title: title.trim(),
      draft: draft.trim(),
      questions: qs,
      unit,
      ballot,
      ...(filesFrom ? { attachmentsFrom: filesFrom } : {}),
    }
    // The key follows what was filled in; the deadline is counted once for it, so the same form sent again after a
    // lost answer is the same request (same key, same body) and opens one consultation.
    const { key, body } = idempotency.prepare({ village, days, filled }, () => ({
      ...filled,
      deadline: deadlineIn(days),
    }))
    try {
      const c = await openConsultation(village, body, key)
      idempotency.done()
      if (keptKey) clearKeptDraft(keptKey)
      void Taro.redirectTo({ url: pageUrl(Routes.DecideConsult, { id: c.id }) })
    } catch (err) {
      setFormError(errorText(err))
    }
  })

  return (
    <PageRoot className="cw-decide cw-consult-new">
      <Text className="cw-decide__title">发起征求意见</Text>
      {kept && (
        <View className="cw-decide__notice" role="status">
          已恢复您上次没有发出的内容，请核对后再发起。
        </View>
      )}
      <Text className="cw-decide__label">标题</Text>
      <Input
        className="cw-input cw-consult-new__title"
        value={title}
        placeholder="例如：村东主路硬化方案征求意见"
        maxlength={oneLineMaxLength(CONSULTATION_TITLE_MAX)}
        aria-label="标题"
        onInput={(e) => setTitle(e.detail.value)}
      />
      <TextCount
        text={title}
        max={CONSULTATION_TITLE_MAX}
        className="cw-consult-new__title-count"
        onlyWhenOver
      />
      <Text className="cw-decide__label">征求意见稿</Text>
      <Textarea
        className="cw-decide__textarea cw-consult-new__draft"
        value={draft}
        placeholder="把要商量的方案写清楚：做什么、花多少钱、每户出多少"
        maxlength={NO_CUT}
        aria-label="征求意见稿"
        onInput={(e) => setDraft(e.detail.value)}
      />
      <TextCount text={draft} max={CONSULTATION_DRAFT_MAX} className="cw-consult-new__draft-count" />
      {withFiles.length > 0 && (
        <View>
          <Text className="cw-decide__label">附上已公开内容里的文件</Text>
          <Chips
            label="附上已公开内容里的文件"
            className="cw-consult-new__files"
            value={filesFrom}
            choices={[
              { value: '', words: '不附文件' },
              ...withFiles.map((d) => ({
                value: d.id,
                words: `${d.title}（${d.attachments.length} 个文件）`,
              })),
            ]}
            onChange={setFilesFrom}
          />
        </View>
      )}
      <Text className="cw-decide__label">多久截止</Text>
      <Chips
        label="多久截止"
        className="cw-consult-new__days"
        value={days}
        choices={DAY_CHOICES.map((d) => ({ value: d, words: `${d} 天后` }))}
        onChange={setDays}
      />
      <Text className="cw-decide__label">谁来填</Text>
      <Chips
        label="谁来填"
        className="cw-consult-new__unit"
        value={unit}
        choices={[
          { value: 'household', words: '每户一份（户主填）' },
          { value: 'person', words: '每人一份' },
        ]}
        onChange={setUnit}
      />
      <Text className="cw-decide__label">记不记名</Text>
      <Chips
        label="记不记名"
        className="cw-consult-new__ballot"
        value={ballot}
        choices={[
          { value: 'secret', words: '不记名（只公布人数）' },
          { value: 'open', words: '记名表决' },
        ]}
        onChange={setBallot}
      />
      {questions.map((q, i) => (
        <View key={i} className="cw-consult-new__question" data-question={i}>
          <Text className="cw-decide__label">第 {i + 1} 题</Text>
          <Input
            className="cw-input cw-consult-new__question-text"
            value={q.text}
            placeholder="例如：您是否同意这个方案？"
            maxlength={oneLineMaxLength(CONSULTATION_QUESTION_TEXT_MAX)}
            aria-label={`第 ${i + 1} 题`}
            onInput={(e) => edit(i, { text: e.detail.value })}
          />
          <Chips
            label={`第 ${i + 1} 题怎么答`}
            className="cw-consult-new__kind"
            value={q.kind}
            choices={(['single', 'multiple', 'text'] as const).map((k) => ({
              value: k,
              words: KIND_WORDS[k],
            }))}
            onChange={(kind) => edit(i, { kind })}
          />
          {q.kind !== 'text' && (
            <Textarea
              className="cw-decide__textarea cw-consult-new__options"
              value={q.options}
              placeholder="选项，每行一个"
              aria-label={`第 ${i + 1} 题的选项，每行一个`}
              onInput={(e) => edit(i, { options: e.detail.value })}
            />
          )}
        </View>
      ))}
      {questions.length < CONSULTATION_MAX_QUESTIONS && (
        <Button
          className="cw-btn cw-btn--secondary cw-consult-new__add"
          onClick={() => setQuestions((qs) => [...qs, { text: '', kind: 'text', options: '' }])}
        >
          再加一题
        </Button>
      )}
      {formError && (
        <View className="cw-decide__form-error" role="alert">
          {formError}
        </View>
      )}
      <Button
        className={`cw-btn cw-consult-new__submit${saving ? ' cw-btn--busy' : ''}`}
        {...(saving ? { disabled: true } : {})}
        onClick={() => void submit()}
      >
        {saving ? '正在发起…' : '发起征求意见'}
      </Button>
    </PageRoot>
  )
}
