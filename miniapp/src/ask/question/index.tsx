import { useState } from 'react'
import { Button, Input, Text, Textarea, View } from '@tarojs/components'
import Taro, { useLoad, useRouter } from '@tarojs/taro'
import {
  isWithin,
  QUESTION_CHANGE_NOTE_MAX,
  QUESTION_TEXT_MAX,
  type MeDto,
  type QuestionDto,
  type QuestionPhotoDto,
} from '@cunwu/domain'
import { useLoader } from '@/hooks/use-loader'
import { useSubmitOnce } from '@/hooks/use-submit-once'
import { getDisclosure } from '@/services/api/disclosures'
import { getMe } from '@/services/api/me'
import { getQuestion, openQuestionPhoto, replyQuestion, startCorrection } from '@/services/api/questions'
import { Routes, pageUrl, readQueryParam } from '@/routes'
import { ACTED_MEANWHILE, actedMeanwhile } from '@/utils/acted-meanwhile'
import { errorText, MissingLinkPartError } from '@/utils/errors'
import { rowLine, ThreadCard } from '../thread'
import { PublicPanel, PublishPanel } from './publication'
import { PageRoot } from '@/components/page-root'
import { LoadStateBox } from '@/components/load-error'
import { NO_CUT, TextCount, oneLineMaxLength, tooLongText } from '@/components/text-count'
import '../common.scss'

interface Loaded {
  question: QuestionDto
  row: string | null
  /** The viewer's staff role over the thread's village, if any (the BFF decides again on every step). */
  staff: 'secretary' | 'township' | null
}

function staffRole(me: MeDto, villageCode: string): Loaded['staff'] {
  if (me.roles.some((g) => g.role === 'secretary' && g.regionCode === villageCode)) return 'secretary'
  if (
    me.roles.some(
      (g) => (g.role === 'township' || g.role === 'county') && isWithin(villageCode, g.regionCode),
    )
  )
    return 'township'
  return null
}

/** What the village's staff (or the township) can do with an open thread: answer, decline or uphold. */
function StaffActions({
  q,
  staff,
  onDone,
  onMoved,
}: {
  q: QuestionDto
  staff: 'secretary' | 'township'
  onDone: (q: QuestionDto) => void
  /** Someone else answered the thread since the page read it: the page reads it again (D9). */
  onMoved: () => void
}) {
  const [text, setText] = useState('')
  const [changeNote, setChangeNote] = useState('')
  const { busy, once } = useSubmitOnce()
  const [error, setError] = useState<string | null>(null)
  const run = once(async (step: () => Promise<void>) => {
    setError(null)
    try {
      await step()
    } catch (err) {
      if (actedMeanwhile(err)) onMoved()
      else setError(errorText(err))
    }
  })
  const reply = (outcome: 'answered' | 'not_upheld') => {
    if (text.trim() === '') return setError(outcome === 'answered' ? '请先写答复' : '请写明不采纳的理由')
    const tooLong = tooLongText(outcome === 'answered' ? '答复' : '理由', text, QUESTION_TEXT_MAX)
    if (tooLong) return setError(tooLong)
    return run(async () => {
      onDone(await replyQuestion(q.id, { outcome, text: text.trim() }))
    })
  }
  const uphold = () => {
    if (changeNote.trim() === '') return setError('请写明更正什么')
    const tooLong = tooLongText('更正什么', changeNote, QUESTION_CHANGE_NOTE_MAX)
    if (tooLong) return setError(tooLong)
    return run(async () => {
      const started = await startCorrection(q.id, { changeNote: changeNote.trim() })
      onDone(started.question)
      await Taro.navigateTo({ url: pageUrl(Routes.SecretaryDisclosureEdit, { id: started.disclosureId }) })
    })
  }
  const busyProps = busy ? { disabled: true } : {}
  return (
    <View className="cw-question__actions">
      <Text className="cw-ask__label">{q.kind === 'objection' ? '答复或不采纳的理由' : '答复'}</Text>
      <Textarea
        className="cw-ask__textarea cw-question__reply-text"
        aria-label={q.kind === 'objection' ? '答复或不采纳的理由' : '答复'}
        placeholder={q.kind === 'objection' ? '答复或不采纳的理由' : '答复'}
        value={text}
        maxlength={NO_CUT}
        onInput={(e) => setText(e.detail.value)}
      />
      <TextCount text={text} max={QUESTION_TEXT_MAX} className="cw-question__reply-count" />
      <Button className="cw-btn cw-question__answer" {...busyProps} onClick={() => void reply('answered')}>
        发送答复
      </Button>
      {q.kind === 'objection' && (
        <Button
          className="cw-btn cw-btn--ghost cw-question__decline"
          {...busyProps}
          onClick={() => void reply('not_upheld')}
        >
          不予采纳（写明理由）
        </Button>
      )}
      {q.kind === 'objection' && staff === 'secretary' && q.correctionDisclosureId === null && (
        <View className="cw-question__uphold">
          <Text className="cw-ask__label">采纳异议：更正后重新公开</Text>
          <Text className="cw-ask__hint">
            会新建一个更正版本，审核通过并发布后，这条异议自动标为已采纳，并通知提出的村民。
          </Text>
          <Input
            className="cw-input cw-question__change-note"
            aria-label="更正什么"
            value={changeNote}
            placeholder="例如：更正第3行的金额"
            maxlength={oneLineMaxLength(QUESTION_CHANGE_NOTE_MAX)}
            onInput={(e) => setChangeNote(e.detail.value)}
          />
          <Button className="cw-btn cw-question__correct" {...busyProps} onClick={() => void uphold()}>
            采纳并更正
          </Button>
        </View>
      )}
      {q.correctionDisclosureId !== null && (
        <Button
          className="cw-btn cw-btn--ghost cw-question__open-correction"
          onClick={() =>
            void Taro.navigateTo({
              url: pageUrl(Routes.SecretaryDisclosureEdit, { id: q.correctionDisclosureId ?? '' }),
            })
          }
        >
          更正版本正在准备，去编辑
        </Button>
      )}
      {error && (
        <View className="cw-ask__form-error" role="alert">
          {error}
        </View>
      )}
    </View>
  )
}

const PHOTO_STATE: Record<QuestionPhotoDto['check'], string> = {
  checking: '正在检查，通过后村里才能看到',
  pass: '已通过检查',
  review: '等待人工复核',
  risky: '没有通过检查，已删除',
}

/** The thread's photos this viewer may see, each with where its check stands and a button to look at it. */
function Photos({ photos }: { photos: QuestionPhotoDto[] }) {
  const [error, setError] = useState<string | null>(null)
  if (photos.length === 0) return null
  return (
    <View className="cw-question__photos">
      <Text className="cw-ask__label">照片</Text>
      {photos.map((p, i) => (
        <View key={p.id} className="cw-question__photo" data-check={p.check}>
          <Text className="cw-ask__line">
            第{i + 1}张：{PHOTO_STATE[p.check]}
          </Text>
          {(p.check === 'pass' || p.check === 'review') && (
            <Button
              className="cw-btn cw-btn--ghost"
              onClick={() => void openQuestionPhoto(p).catch((err: unknown) => setError(errorText(err)))}
            >
              查看第{i + 1}张照片
            </Button>
          )}
        </View>
      ))}
      {error && (
        <View className="cw-ask__form-error" role="alert">
          {error}
        </View>
      )}
    </View>
  )
}

/** One thread: the asker follows it; the village's secretary or the township answers it here. */
export default function QuestionPage() {
  const params = useRouter().params
  const id = readQueryParam(params.id)
  const created = readQueryParam(params.created) === '1'
  const page = useLoader<Loaded>()
  const [moved, setMoved] = useState(false)

  const load = () =>
    page.run(async () => {
      if (!id) throw new MissingLinkPartError('id')
      const [question, me] = await Promise.all([getQuestion(id), getMe()])
      // The row as the reader's table shows it; the thread itself keeps only its number. Staff see the whole
      // table, which also has the rows about minors the public one leaves out, so they get the stored row.
      const rowNumber = question.storedRow ?? question.rowRef
      const row =
        rowNumber === null
          ? null
          : await getDisclosure(question.disclosureId).then(
              (d) => rowLine(d.table ?? null, rowNumber),
              () => null,
            )
      return { question, row, staff: question.mine ? null : staffRole(me, question.villageCode) }
    })
  useLoad(() => {
    void load()
  })

  const state = page.state
  if (state.kind !== 'ready')
    return (
      <PageRoot>
        <LoadStateBox state={state} onRetry={() => void load()} />
      </PageRoot>
    )
  const { question: q, row, staff } = state.data
  const update = (next: QuestionDto) => page.set({ ...state.data, question: next })
  // The thread as it is now, read in place after a step someone else took first, with one line saying so.
  const reread = () =>
    void getQuestion(q.id).then(
      (next) => {
        update(next)
        setMoved(true)
      },
      () => void load(),
    )
  return (
    <PageRoot className="cw-ask cw-question">
      {created && (
        <View className="cw-ask__notice cw-question__created" role="status">
          已提交。村里答复后会通知您，也可以在“我的留言”里查看。
        </View>
      )}
      {readQueryParam(params.photos) === 'failed' && (
        <View className="cw-ask__notice cw-ask__notice--warn" role="status">
          有照片没有传上去，留言已经提交。
        </View>
      )}
      <ThreadCard q={q} />
      {row && <Text className="cw-ask__row-preview cw-question__row">{row}</Text>}
      <Photos photos={q.photos} />
      {q.escalated && q.status === 'open' && (
        <Text className="cw-ask__notice cw-ask__notice--warn">已超过答复期限，已转乡镇督办。</Text>
      )}
      {moved && (
        <View className="cw-ask__notice cw-ask__notice--warn" role="status">
          {ACTED_MEANWHILE}
        </View>
      )}
      {staff && q.status === 'open' && <StaffActions q={q} staff={staff} onDone={update} onMoved={reread} />}
      {staff === 'secretary' && q.status !== 'open' && !q.public && <PublishPanel q={q} onDone={update} />}
      {q.public && <PublicPanel q={q} staff={staff !== null} onDone={update} />}
      <Button
        className="cw-btn cw-btn--ghost cw-question__disclosure"
        onClick={() => void Taro.navigateTo({ url: pageUrl(Routes.Disclosure, { id: q.disclosureId }) })}
      >
        查看公开内容
      </Button>
    </PageRoot>
  )
}
