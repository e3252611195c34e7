import { useState } from 'react'
import { Button, Input, Text, Textarea, View } from '@tarojs/components'
import Taro, { useLoad, useRouter } from '@tarojs/taro'
import {
  QUESTION_PHOTO_MAX_BYTES,
  QUESTION_PHOTOS_MAX,
  QUESTION_TEXT_MAX,
  textLength,
  type DisclosureDto,
  type QuestionKind,
} from '@cunwu/domain'
import { useLoader } from '@/hooks/use-loader'
import { useIdempotencyKey, useSubmitOnce } from '@/hooks/use-submit-once'
import { getDisclosure, listDisclosureVersions } from '@/services/api/disclosures'
import { addQuestionPhoto, askQuestion, choosePhoto } from '@/services/api/questions'
import type { PickedFile } from '@/services/upload'
import { isSignedIn } from '@/services/session'
import { Routes, pageUrl, readQueryParam } from '@/routes'
import { errorText, MissingLinkPartError, needsSignIn } from '@/utils/errors'
import { focusable } from '@/utils/focusable'
import { rowLine } from '../thread'
import { askReplyReminder, loadReplyTemplateIds } from './reply-reminder'
import { keepAskDraft, takeAskDraft } from './draft'
import { PageRoot } from '@/components/page-root'
import { LoadStateBox } from '@/components/load-error'
import { NO_CUT, TextCount, tooLongText } from '@/components/text-count'
import '../common.scss'

const KINDS: { kind: QuestionKind; label: string; hint: string }[] = [
  { kind: 'question', label: '我有疑问', hint: '看不懂、想了解更多，都可以问。' },
  { kind: 'objection', label: '我认为有错', hint: '觉得哪里不对（比如金额、人数、名字），请说明理由。' },
]

/** The version the villager opened and the one their question is filed on (the current one, for an old version). */
interface AskTarget {
  opened: DisclosureDto
  target: DisclosureDto
}

/**
 * The current public version of the series an old (superseded) version belongs to: the BFF files a question asked
 * on an old version on it, so the page shows it and its table. The opened version itself when it is current, or
 * when no public version is left.
 */
async function askTarget(opened: DisclosureDto): Promise<AskTarget> {
  if (opened.status !== 'superseded') return { opened, target: opened }
  const versions = await listDisclosureVersions(opened.id)
  const current = versions.find((v) => v.status === 'published' || v.status === 'expired')
  return { opened, target: current ? await getDisclosure(current.id) : opened }
}

/**
 * A villager asks about a published disclosure or objects to it (异议), optionally about one row of its table
 * (opened from the item, `?disclosure=&row=`). Only the village's staff and the township read it until it is
 * answered; the asker's name is never shown publicly. Opened on an older version, it says a newer one exists and
 * sends the question about that one (docs/questions.md).
 */
export default function AskPage() {
  const params = useRouter().params
  const disclosureId = readQueryParam(params.disclosure)
  const page = useLoader<AskTarget>()
  const [kind, setKind] = useState<QuestionKind>(
    readQueryParam(params.kind) === 'objection' ? 'objection' : 'question',
  )
  const [row, setRow] = useState(readQueryParam(params.row) ?? '')
  const [text, setText] = useState('')
  const [photos, setPhotos] = useState<PickedFile[]>([])
  const { busy, once } = useSubmitOnce()
  const idempotency = useIdempotencyKey()
  const [error, setError] = useState<string | null>(null)
  // Signed out (or the session ended): the error offers 去登录, and the typed words wait for the return.
  const [signInNeeded, setSignInNeeded] = useState(false)
  const [replyTemplates, setReplyTemplates] = useState<string[]>([])

  const load = () =>
    page.run(async () => {
      if (!disclosureId) throw new MissingLinkPartError('disclosureId')
      const loaded = await askTarget(await getDisclosure(disclosureId))
      // A row number of the old version may name another row now: the villager picks it again on the new table.
      if (loaded.target !== loaded.opened) setRow('')
      return loaded
    })
  useLoad(() => {
    const draft = disclosureId ? takeAskDraft(disclosureId) : null
    if (draft) {
      setKind(draft.kind)
      setRow(draft.row)
      setText(draft.text)
    }
    void load()
    void loadReplyTemplateIds().then(setReplyTemplates)
  })

  const state = page.state
  if (state.kind !== 'ready')
    return (
      <PageRoot>
        <LoadStateBox state={state} onRetry={() => void load()} />
      </PageRoot>
    )
  const { opened, target: d } = state.data
  const newer = d.id !== opened.id
  const table = d.table ?? null
  const rowRef = row.trim() === '' ? null : Number(row.trim())
  const rowValid =
    rowRef === null ||
    (Number.isInteger(rowRef) && rowRef >= 1 && table !== null && rowRef <= table.rows.length)
  const preview = rowRef !== null && rowValid ? rowLine(table, rowRef) : null
  const length = textLength(text)
  const addPhoto = async () => {
    setError(null)
    const picked = await choosePhoto()
    if (!picked) return
    if (picked.size > QUESTION_PHOTO_MAX_BYTES) return setError('照片太大，请换一张（最大5MB）')
    setPhotos((list) => [...list, picked].slice(0, QUESTION_PHOTOS_MAX))
  }

  const askSignIn = () => {
    setSignInNeeded(true)
    setError('请先登录再提交。您写的内容会留着，登录后回到这里就能提交。')
  }
  const goSignIn = () => {
    if (!disclosureId) return
    keepAskDraft({ disclosureId, kind, row, text })
    const back = pageUrl(Routes.AskNew, { disclosure: disclosureId })
    void Taro.navigateTo({ url: pageUrl(Routes.Login, { redirect: back }) })
  }

  const submit = once(async () => {
    setError(null)
    setSignInNeeded(false)
    if (length === 0) return setError('请写下您想问的内容')
    const tooLong = tooLongText(kind === 'objection' ? '异议' : '问题', text, QUESTION_TEXT_MAX)
    if (tooLong) return setError(tooLong)
    if (!rowValid) return setError(`没有第${row}行，请看一下表格里的行号`)
    if (!isSignedIn()) return askSignIn()
    const req = { kind, text: text.trim(), ...(rowRef !== null ? { rowRef } : {}) }
    // The same words sent again (after a lost answer) carry the same key: the server files them once.
    const key = idempotency.keyFor({ disclosureId: d.id, req })
    // WeChat's prompt first, while still in the tap: may the answer come as a WeChat message?
    await askReplyReminder(replyTemplates)
    try {
      const q = await askQuestion(d.id, req, key)
      idempotency.done()
      // The thread stands once asked; a photo that does not go through is said on the thread's page.
      let failed = 0
      for (const photo of photos) {
        await addQuestionPhoto(q.id, photo).catch(() => {
          failed += 1
        })
      }
      await Taro.redirectTo({
        url: pageUrl(Routes.AskQuestion, {
          id: q.id,
          created: '1',
          photos: failed > 0 ? 'failed' : undefined,
        }),
      })
    } catch (err) {
      if (needsSignIn(err)) askSignIn()
      else setError(errorText(err))
    }
  })

  return (
    <PageRoot className="cw-ask cw-ask-new">
      <Text className="cw-ask__title">提问或提异议</Text>
      <Text className="cw-ask__subtitle">关于：{d.title}</Text>
      {newer && (
        <View className="cw-ask__notice cw-ask__notice--warn cw-ask-new__newer" role="status">
          <Text>
            您打开的是旧版本（第{opened.version}版），这项内容已经更新到第{d.version}版。您的留言会针对第
            {d.version}版，行号请按第{d.version}版的表格填写。
          </Text>
          <Button
            className="cw-btn cw-btn--ghost cw-ask-new__open-newer"
            onClick={() => void Taro.navigateTo({ url: pageUrl(Routes.Disclosure, { id: d.id }) })}
          >
            查看第{d.version}版
          </Button>
        </View>
      )}
      {opened.status === 'superseded' && !newer && (
        <View className="cw-ask__notice cw-ask__notice--warn" role="status">
          这是旧版本，这项内容已经撤回，不能再留言。
        </View>
      )}

      <Text className="cw-ask__label">您想</Text>
      <View className="cw-ask__choice" role="radiogroup" aria-label="您想">
        {KINDS.map((k) => (
          <View
            key={k.kind}
            role="radio"
            {...focusable}
            aria-checked={kind === k.kind}
            className={`cw-ask__option cw-ask-new__kind${kind === k.kind ? ' cw-ask__option--on' : ''}`}
            data-kind={k.kind}
            onClick={() => setKind(k.kind)}
          >
            {k.label}
          </View>
        ))}
      </View>
      <Text className="cw-ask__hint">{KINDS.find((k) => k.kind === kind)?.hint}</Text>

      {table && (
        <View>
          <Text className="cw-ask__label">针对表格的第几行（可以不填）</Text>
          <Input
            className="cw-input cw-ask-new__row"
            type="number"
            aria-label="针对表格的第几行"
            value={row}
            placeholder={`1 到 ${table.rows.length}`}
            onInput={(e) => setRow(e.detail.value)}
          />
          {preview && <Text className="cw-ask__row-preview cw-ask-new__preview">{preview}</Text>}
          {!rowValid && <Text className="cw-ask__hint">没有这一行，行号是表格从上往下数的第几条。</Text>}
        </View>
      )}

      <Text className="cw-ask__label">{kind === 'objection' ? '哪里不对，为什么' : '您的问题'}</Text>
      <Textarea
        className="cw-ask__textarea cw-ask-new__text"
        aria-label={kind === 'objection' ? '哪里不对，为什么' : '您的问题'}
        value={text}
        // No cut (a maxlength counts an emoji as two): the counter says when it is too long.
        maxlength={NO_CUT}
        placeholder={kind === 'objection' ? '例如：第3行的金额应该是……' : '请写下您想问的'}
        onInput={(e) => setText(e.detail.value)}
      />
      <TextCount text={text} max={QUESTION_TEXT_MAX} className="cw-ask-new__count" />
      <Text className="cw-ask__hint">不要写身份证号、电话等个人信息。</Text>
      <Text className="cw-ask__hint">村里会在几个工作日内答复，答复后会通知您。您的名字不会公开。</Text>
      <Text className="cw-ask__label">照片（可以不加，最多{QUESTION_PHOTOS_MAX}张）</Text>
      <Text className="cw-ask__hint">
        照片先经过微信的安全检查，通过后村里才能看到；照片里的拍摄地点等信息会被去掉。
      </Text>
      {photos.map((p, i) => (
        <View key={`${i}-${p.name}`} className="cw-ask__line cw-ask-new__photo">
          {/* Not the file's name: WeChat's is a temporary path (tmp_…jpg), a phone's IMG_20261207_….jpg. */}
          <Text>第{i + 1}张照片已选好</Text>
          <Button
            className="cw-btn cw-btn--ghost cw-ask-new__remove-photo"
            onClick={() => setPhotos((list) => list.filter((_, j) => j !== i))}
          >
            去掉第{i + 1}张
          </Button>
        </View>
      ))}
      {photos.length < QUESTION_PHOTOS_MAX && (
        <Button className="cw-btn cw-btn--ghost cw-ask-new__add-photo" onClick={() => void addPhoto()}>
          添加照片
        </Button>
      )}
      {error && (
        <View className="cw-ask__form-error" role="alert">
          {error}
          {signInNeeded && (
            <Button className="cw-btn cw-ask-new__sign-in" onClick={goSignIn}>
              去登录
            </Button>
          )}
        </View>
      )}
      <Button
        className={`cw-btn cw-ask-new__submit${busy ? ' cw-btn--busy' : ''}`}
        {...(busy ? { disabled: true } : {})}
        onClick={() => void submit()}
      >
        提交
      </Button>
    </PageRoot>
  )
}
