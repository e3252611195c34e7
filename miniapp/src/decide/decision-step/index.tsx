import { useState } from 'react'
import { Button, Input, Text, Textarea, View } from '@tarojs/components'
import Taro, { useLoad, useRouter } from '@tarojs/taro'
import {
  DECISION_MEETING_LABELS,
  DECISION_MOTION_MAX,
  DECISION_NOTE_MAX,
  DECISION_STEP_LABELS,
  MEETINGS_OF_STEP,
  meetingOf,
  type ConsultationDto,
  type DecisionDto,
} from '@cunwu/domain'
import { ChoiceChips } from '@/components/choice-chips'
import { ErrorBox } from '@/components/page-state'
import { clearKeptDraft, readKeptDraft, useKeptDraft } from '@/hooks/use-kept-draft'
import { useLoader } from '@/hooks/use-loader'
import { useLostAnswers } from '@/hooks/use-lost-answers'
import { useSubmitOnce } from '@/hooks/use-submit-once'
import { listConsultations } from '@/services/api/consultations'
import { getDecision } from '@/services/api/decisions'
import { Routes, pageUrl, readQueryParam } from '@/routes'
import { ACTED_MEANWHILE, actedMeanwhile } from '@/utils/acted-meanwhile'
import { errorText } from '@/utils/errors'
import { todayInChina } from '@/utils/period'
import { consultationsForMeeting, toStepRequest, type StepForm } from './form'
import { STEP_ALREADY_SAVED, recordStepOnce } from './record'
import { PageRoot } from '@/components/page-root'
import { LoadStateBox } from '@/components/load-error'
import { NO_CUT, TextCount } from '@/components/text-count'
import './index.scss'

/** The step form as kept on the phone: for which step, what was typed, the consultation chosen. */
interface KeptStep {
  step: DecisionDto['nextStep']
  form: StepForm
  consultationId: string | null
}

const VOTE_FIELDS = [
  ['for', '同意'],
  ['against', '反对'],
  ['abstain', '弃权'],
] as const

/** The secretary records the next deliberation step as it was held: date, who came, the vote, the motion. */
export default function DecisionStepPage() {
  const { params } = useRouter()
  const id = readQueryParam(params.id) ?? ''
  const decision = useLoader<{ decision: DecisionDto; consultations: ConsultationDto[] }>()
  const [consultationId, setConsultationId] = useState<string | null>(null)
  const [blank] = useState<StepForm>(() => ({
    heldOn: todayInChina(),
    meeting: null,
    bodySize: '',
    present: '',
    for: '',
    against: '0',
    abstain: '0',
    motion: '',
    note: '',
  }))
  const [form, setForm] = useState<StepForm>(blank)
  const [formError, setFormError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  // What was typed for this matter's next step is kept until it is saved (hooks/use-kept-draft.ts).
  const keptKey = `decision-step.${id}`
  const { busy: saving, once } = useSubmitOnce()
  const lost = useLostAnswers()
  // The village's closed consultations (征求意见); those closed by the meeting's date are offered below.
  const load = () =>
    decision.run(async () => {
      const d = await getDecision(id)
      const kept = readKeptDraft<KeptStep>(keptKey)
      if (kept && kept.step === d.nextStep) {
        setForm(kept.form)
        setConsultationId(kept.consultationId)
        setNotice('已恢复您上次没有保存的内容，请核对后保存。')
      }
      // The link is optional: without the list the step is still recorded.
      const consultations = (await listConsultations(d.villageCode).catch(() => [])).filter((c) => c.closed)
      return { decision: d, consultations }
    })
  useLoad(() => {
    void load()
  })
  const set = (patch: Partial<StepForm>) => setForm((f) => ({ ...f, ...patch }))

  const state = decision.state
  const nextStep = state.kind === 'ready' ? state.data.decision.nextStep : null
  useKeptDraft<KeptStep>(
    nextStep ? keptKey : null,
    { step: nextStep, form, consultationId },
    { step: nextStep, form: blank, consultationId: null },
  )
  if (state.kind !== 'ready')
    return (
      <PageRoot>
        <LoadStateBox state={state} onRetry={() => void load()} />
      </PageRoot>
    )
  const { decision: d } = state.data
  // Only consultations closed by the meeting's date can have informed it (the BFF refuses any other).
  const consultations = consultationsForMeeting(state.data.consultations, form.heldOn)
  // A choice the date no longer allows is not sent.
  const linked = consultations.some((c) => c.id === consultationId) ? consultationId : null
  const step = d.nextStep
  if (!step)
    return (
      <PageRoot className="cw-decide">
        {notice && (
          <View className="cw-decide__notice" role="status">
            {notice}
          </View>
        )}
        <ErrorBox title="议事已经结束" message="这件事不能再记录议事环节" />
      </PageRoot>
    )
  const checked = toStepRequest(step, form)
  const meeting = meetingOf(step, form.meeting ?? undefined)
  const labels = DECISION_MEETING_LABELS[meeting]

  const submit = once(async () => {
    if (!checked.ok) {
      setFormError(checked.message)
      return
    }
    setFormError(null)
    try {
      const saved = await recordStepOnce(lost, d.id, step, { ...checked.req, consultationId: linked })
      clearKeptDraft(keptKey)
      // Recorded by the tap whose answer was lost: said so, then the matter's page as after a save.
      if (saved.already) void Taro.showToast({ title: STEP_ALREADY_SAVED, icon: 'none', duration: 3000 })
      void Taro.redirectTo({ url: pageUrl(Routes.DecideDecision, { id: d.id }) })
    } catch (err) {
      if (!actedMeanwhile(err)) return setFormError(errorText(err))
      // Someone recorded this step (or ended the matter) first: the matter as it is now, its next step's form empty.
      clearKeptDraft(keptKey)
      setForm(blank)
      setConsultationId(null)
      setNotice(ACTED_MEANWHILE)
      void load()
    }
  })

  return (
    <PageRoot className="cw-decide cw-decision-step" data-step={step}>
      <Text className="cw-decide__title">{DECISION_STEP_LABELS[step]}</Text>
      <Text className="cw-decide__subtitle">{d.title}</Text>
      {notice && (
        <View className="cw-decide__notice" role="status">
          {notice}
        </View>
      )}

      {step === 'resolution' && (
        <View>
          <Text className="cw-decide__label">开的什么会</Text>
          <ChoiceChips
            label="开的什么会"
            value={form.meeting ?? undefined}
            choices={MEETINGS_OF_STEP.resolution.map((m) => ({
              value: m,
              words: m === 'villagers_adults' ? '村民会议（按人数）' : DECISION_MEETING_LABELS[m].name,
              data: { 'data-meeting': m },
            }))}
            onChange={(meeting) => set({ meeting })}
            className="cw-decide__choice"
            optionClassName="cw-decide__option cw-decision-step__meeting"
            checkedClassName="cw-decide__option--on"
          />
        </View>
      )}

      <Text className="cw-decide__label">会议日期</Text>
      <Input
        className="cw-input cw-decision-step__date"
        value={form.heldOn}
        placeholder="例如 2026-11-10"
        // Room for the ways people write a day (2026年12月07日, spaces): the form reads them all.
        maxlength={20}
        onInput={(e) => set({ heldOn: e.detail.value })}
      />

      <Text className="cw-decide__label">应到：{labels.size}共多少</Text>
      <Input
        className="cw-input cw-decision-step__body"
        type="number"
        value={form.bodySize}
        placeholder="应到人数"
        onInput={(e) => set({ bodySize: e.detail.value })}
      />
      <Text className="cw-decide__label">实到：{labels.present}多少</Text>
      <Input
        className="cw-input cw-decision-step__present"
        type="number"
        value={form.present}
        placeholder="实到人数"
        onInput={(e) => set({ present: e.detail.value })}
      />

      <Text className="cw-decide__label">表决结果</Text>
      <View className="cw-decision-step__votes">
        {VOTE_FIELDS.map(([key, label]) => (
          <View key={key}>
            <Text className="cw-decision-step__vote-label">{label}</Text>
            <Input
              className={`cw-input cw-decision-step__${key}`}
              type="number"
              value={form[key]}
              placeholder={`${label}票数`}
              onInput={(e) => set({ [key]: e.detail.value })}
            />
          </View>
        ))}
      </View>

      <Text className="cw-decide__label">议题内容</Text>
      <Textarea
        className="cw-decide__textarea cw-decision-step__motion"
        value={form.motion}
        placeholder="例如：每户筹资 30 元，硬化村东主路 800 米"
        maxlength={NO_CUT}
        onInput={(e) => set({ motion: e.detail.value })}
      />
      <TextCount text={form.motion} max={DECISION_MOTION_MAX} className="cw-decision-step__motion-count" />
      <Text className="cw-decide__label">备注（可不写）</Text>
      <Input
        className="cw-input cw-decision-step__note"
        value={form.note}
        placeholder="可不写"
        maxlength={NO_CUT}
        onInput={(e) => set({ note: e.detail.value })}
      />
      <TextCount
        text={form.note}
        max={DECISION_NOTE_MAX}
        className="cw-decision-step__note-count"
        onlyWhenOver
      />

      {consultations.length > 0 && (
        <View>
          <Text className="cw-decide__label">依据的征求意见（可不选）</Text>
          <ChoiceChips<string | null>
            label="依据的征求意见"
            value={linked}
            choices={[
              { value: null, words: '不关联' },
              ...consultations.map((c) => ({
                value: c.id,
                words: c.title,
                data: { 'data-consultation': c.id },
              })),
            ]}
            onChange={setConsultationId}
            className="cw-decide__choice"
            optionClassName="cw-decide__option cw-decision-step__consultation"
            checkedClassName="cw-decide__option--on"
          />
        </View>
      )}

      {checked.ok && (
        <View className="cw-decide__card cw-decision-step__preview" role="status">
          {checked.preview.map((line) => (
            <Text key={line} className="cw-decide__line">
              {line}
            </Text>
          ))}
        </View>
      )}
      {formError && (
        <View className="cw-decide__form-error cw-decision-step__error" role="alert">
          {formError}
        </View>
      )}
      <Button
        className={`cw-btn cw-decision-step__submit${saving ? ' cw-btn--busy' : ''}`}
        {...(saving ? { disabled: true } : {})}
        onClick={() => void submit()}
      >
        {saving ? '正在保存…' : '保存这一步'}
      </Button>
    </PageRoot>
  )
}
