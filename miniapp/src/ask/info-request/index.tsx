import type { ReactNode } from 'react'
import { useState } from 'react'
import { Button, Input, Text, Textarea, View } from '@tarojs/components'
import Taro, { useLoad, useRouter } from '@tarojs/taro'
import {
  chineseZodMessage,
  INFO_REQUEST_DESCRIPTION_MAX,
  INFO_REQUEST_PURPOSE_MAX,
  officeNameOf,
  INFO_REQUESTER_ID_TYPE_LABELS,
  INFO_REQUESTER_ID_TYPES,
  InfoRequesterSchema,
  type InfoRequestCreateReq,
  type InfoRequestCreatedDto,
  type InfoRequester,
} from '@cunwu/domain'
import { EmptyBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { useIdempotencyKey, useSubmitOnce } from '@/hooks/use-submit-once'
import { createInfoRequest } from '@/services/api/info-requests'
import { Routes, readQueryParam } from '@/routes'
import { errorText } from '@/utils/errors'
import { PageRoot } from '@/components/page-root'
import { LoadStateBox } from '@/components/load-error'
import '../common.scss'
import { focusable } from '@/utils/focusable'
import { NO_CUT, TextCount, firstTooLong, oneLineMaxLength } from '@/components/text-count'
import { loadOffices, type Offices } from './offices'

type IdType = InfoRequester['idType']
/** The papers each kind of requester may choose (the BFF checks the same rule). */
const ID_TYPES: Record<'person' | 'organization', readonly IdType[]> = INFO_REQUESTER_ID_TYPES

interface Form {
  regionCode: string
  type: 'person' | 'organization'
  name: string
  idType: IdType
  idNumber: string
  contact: string
  description: string
  purpose: string
  form: 'electronic' | 'paper'
}

function Field({ label, hint, children }: { label: string; hint?: string; children: ReactNode }) {
  return (
    <View className="cw-info-form__field">
      <Text className="cw-ask__label">{label}</Text>
      {hint && <Text className="cw-ask__hint">{hint}</Text>}
      {children}
    </View>
  )
}

/**
 * 依申请公开: anyone signed in asks a township or county government for information it holds. The fields are the
 * ones 《政府信息公开条例》第二十九条 requires, each with a plain explanation.
 */
export default function InfoRequestPage() {
  const params = useRouter().params
  const offices = useLoader<Offices>()
  // `?region=` until the person, told it is not an office, asks for the list of offices instead.
  const [asked, setAsked] = useState(readQueryParam(params.region))
  const [form, setForm] = useState<Form>({
    regionCode: '',
    type: 'person',
    name: '',
    idType: 'resident_id',
    idNumber: '',
    contact: '',
    description: '',
    purpose: '',
    form: 'electronic',
  })
  const { busy, once } = useSubmitOnce()
  const idempotency = useIdempotencyKey()
  const [error, setError] = useState<string | null>(null)
  // Once 提交申请 refused a text as too long, the message follows the texts as they change and goes when they fit
  // (it used to stay, 想要什么信息已超过4个字…, over a description already shortened).
  const [lengthRefused, setLengthRefused] = useState(false)
  const [done, setDone] = useState<InfoRequestCreatedDto | null>(null)
  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }))

  const load = (region: string | undefined) =>
    offices.run(async () => {
      const found = await loadOffices(region)
      // The person's own township is the likely office; a newcomer chooses one by name.
      const first = found.kind === 'mine' ? found.offices[0] : undefined
      if (first) setForm((f) => (f.regionCode ? f : { ...f, regionCode: first.code }))
      return found
    })
  useLoad(() => {
    void load(asked)
  })

  // Counted as the server counts (textLength); nothing typed is cut, the person shortens it.
  const tooLong = firstTooLong([
    ['想要什么信息', form.description, INFO_REQUEST_DESCRIPTION_MAX],
    ['用途', form.purpose, INFO_REQUEST_PURPOSE_MAX],
  ])
  const said = lengthRefused ? tooLong : error

  const submit = once(async () => {
    setError(null)
    setLengthRefused(false)
    const missing = [
      form.regionCode ? '' : '受理机关',
      form.name.trim() ? '' : form.type === 'person' ? '姓名' : '单位名称',
      form.idNumber.trim().length >= 4 ? '' : '证件号码',
      form.contact.trim().length >= 5 ? '' : '联系方式',
      form.description.trim() ? '' : '想要什么信息',
    ].filter((m) => m !== '')
    if (missing.length > 0) return setError(`请填写：${missing.join('、')}`)
    if (tooLong) return setLengthRefused(true)
    const requester = {
      type: form.type,
      name: form.name.trim(),
      idType: form.idType,
      idNumber: form.idNumber.trim(),
      contact: form.contact.trim(),
    }
    // The number is checked here as the server checks it (a 居民身份证号's date and check character), before a
    // round trip on a weak network.
    const checked = InfoRequesterSchema.safeParse(requester, { error: chineseZodMessage })
    const wrongId = checked.error?.issues.find((i) => i.path[0] === 'idNumber')
    if (wrongId) return setError(wrongId.message)
    const req: InfoRequestCreateReq = {
      regionCode: form.regionCode,
      description: form.description.trim(),
      ...(form.purpose.trim() ? { purpose: form.purpose.trim() } : {}),
      form: form.form,
      requester,
    }
    try {
      // The same request sent again (after a lost answer) carries the same key: the server files it once.
      setDone(await createInfoRequest(req, idempotency.keyFor(req)))
      idempotency.done()
    } catch (err) {
      setError(errorText(err))
    }
  })

  if (done)
    return (
      <PageRoot className="cw-ask cw-info-form">
        <Text className="cw-ask__title">申请已登记</Text>
        <View className="cw-ask__notice cw-info-form__ack" role="status">
          {done.acknowledgement}
        </View>
        <Text className="cw-ask__hint">每一步办理进度都会通知您。</Text>
        <Button className="cw-btn" onClick={() => void Taro.redirectTo({ url: Routes.AskMyRequests })}>
          查看我的申请
        </Button>
      </PageRoot>
    )

  const state = offices.state
  if (state.kind !== 'ready')
    return (
      <PageRoot>
        <LoadStateBox state={state} onRetry={() => void load(asked)} />
      </PageRoot>
    )
  if (state.data.kind === 'notOffice')
    return (
      <PageRoot className="cw-ask cw-info-form">
        <EmptyBox text={state.data.text} />
        <Button
          className="cw-btn cw-info-form__choose"
          onClick={() => {
            setAsked(undefined)
            void load(undefined)
          }}
        >
          选择受理的机关
        </Button>
      </PageRoot>
    )
  const found = state.data
  return (
    <PageRoot className="cw-ask cw-info-form">
      <Text className="cw-ask__title">申请政府信息公开</Text>
      <Text className="cw-ask__subtitle">
        按《政府信息公开条例》，您可以向乡镇或县政府申请获取没有主动公开的政府信息。机关自收到申请起20个工作日内答复，需要延长的最多再延长20个工作日。
      </Text>

      <Field
        label="向哪个机关申请"
        hint={
          found.kind === 'served'
            ? '您还没有加入村，也可以申请。请选择县政府，或者信息所在的乡镇政府（街道办事处）。'
            : undefined
        }
      >
        <View className="cw-ask__choice" role="radiogroup" aria-label="向哪个机关申请">
          {found.offices.map((r) => (
            <View
              key={r.code}
              role="radio"
              {...focusable}
              aria-checked={form.regionCode === r.code}
              className={`cw-ask__option cw-info-form__office${form.regionCode === r.code ? ' cw-ask__option--on' : ''}`}
              data-code={r.code}
              onClick={() => set({ regionCode: r.code })}
            >
              {officeNameOf(r)}
            </View>
          ))}
        </View>
      </Field>

      <Field
        label="想要什么信息"
        hint="写清信息的名称、文号，或者能让机关找到它的特征。例如：2025年本镇低保资金发放明细。"
      >
        <Textarea
          className="cw-ask__textarea cw-info-form__description"
          aria-label="想要什么信息"
          placeholder="想要什么信息"
          value={form.description}
          // No cut: a maxlength counts UTF-16 units (an emoji is two) and dropped typed text silently.
          maxlength={NO_CUT}
          onInput={(e) => set({ description: e.detail.value })}
        />
        <TextCount
          text={form.description}
          max={INFO_REQUEST_DESCRIPTION_MAX}
          className="cw-info-form__count"
        />
      </Field>

      <Field label="用途（可以不填）">
        <Input
          className="cw-input cw-info-form__purpose"
          aria-label="用途"
          placeholder="用途"
          value={form.purpose}
          maxlength={NO_CUT}
          onInput={(e) => set({ purpose: e.detail.value })}
        />
        <TextCount
          text={form.purpose}
          max={INFO_REQUEST_PURPOSE_MAX}
          className="cw-info-form__count"
          onlyWhenOver
        />
      </Field>

      <Field label="怎么拿到信息">
        <View className="cw-ask__choice" role="radiogroup" aria-label="怎么拿到信息">
          {(['electronic', 'paper'] as const).map((f) => (
            <View
              key={f}
              role="radio"
              {...focusable}
              aria-checked={form.form === f}
              className={`cw-ask__option cw-info-form__form${form.form === f ? ' cw-ask__option--on' : ''}`}
              onClick={() => set({ form: f })}
            >
              {f === 'electronic' ? '电子文件' : '纸质材料'}
            </View>
          ))}
        </View>
      </Field>

      <Text className="cw-ask__notice">下面是申请人的信息，法规要求填写。只有受理机关能看到，不会公开。</Text>
      <Field label="申请人是">
        <View className="cw-ask__choice" role="radiogroup" aria-label="申请人是">
          {(['person', 'organization'] as const).map((t) => (
            <View
              key={t}
              role="radio"
              {...focusable}
              aria-checked={form.type === t}
              className={`cw-ask__option cw-info-form__type${form.type === t ? ' cw-ask__option--on' : ''}`}
              onClick={() => set({ type: t, idType: ID_TYPES[t][0] ?? 'other' })}
            >
              {t === 'person' ? '个人' : '单位'}
            </View>
          ))}
        </View>
      </Field>
      <Field label={form.type === 'person' ? '姓名' : '单位名称'}>
        <Input
          className="cw-input cw-info-form__name"
          aria-label={form.type === 'person' ? '姓名' : '单位名称'}
          placeholder={form.type === 'person' ? '姓名' : '单位名称'}
          value={form.name}
          maxlength={oneLineMaxLength(60)}
          onInput={(e) => set({ name: e.detail.value })}
        />
      </Field>
      <Field label="证件类型">
        <View className="cw-ask__choice" role="radiogroup" aria-label="证件类型">
          {ID_TYPES[form.type].map((t) => (
            <View
              key={t}
              role="radio"
              {...focusable}
              aria-checked={form.idType === t}
              className={`cw-ask__option cw-info-form__id-type${form.idType === t ? ' cw-ask__option--on' : ''}`}
              onClick={() => set({ idType: t })}
            >
              {INFO_REQUESTER_ID_TYPE_LABELS[t]}
            </View>
          ))}
        </View>
      </Field>
      <Field label="证件号码">
        <Input
          className="cw-input cw-info-form__id-number"
          aria-label="证件号码"
          placeholder="证件号码"
          value={form.idNumber}
          maxlength={32}
          onInput={(e) => set({ idNumber: e.detail.value })}
        />
      </Field>
      <Field label="联系方式" hint="电话或通信地址，机关用它联系您、寄送答复。">
        <Input
          className="cw-input cw-info-form__contact"
          aria-label="联系方式"
          placeholder="联系方式"
          value={form.contact}
          maxlength={oneLineMaxLength(60)}
          onInput={(e) => set({ contact: e.detail.value })}
        />
      </Field>

      {said && (
        <View className="cw-ask__form-error" role="alert">
          {said}
        </View>
      )}
      <Button
        className={`cw-btn cw-info-form__submit${busy ? ' cw-btn--busy' : ''}`}
        {...(busy ? { disabled: true } : {})}
        onClick={() => void submit()}
      >
        提交申请
      </Button>
    </PageRoot>
  )
}
