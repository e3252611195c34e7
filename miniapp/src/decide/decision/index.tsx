import { useState } from 'react'
import { Button, Text, Textarea, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { DECISION_RESULTS_MAX, DECISION_STEP_LABELS, type DecisionDto, type MeDto } from '@cunwu/domain'
import { useLoader } from '@/hooks/use-loader'
import { useSubmitOnce } from '@/hooks/use-submit-once'
import { getDecision, publishDecisionResults } from '@/services/api/decisions'
import { getMe } from '@/services/api/me'
import { Routes, pageUrl, readQueryParam } from '@/routes'
import { errorText } from '@/utils/errors'
import { formatDate } from '@/utils/format'
import { formatYuan } from '@/utils/money'
import { isSecretaryOf } from '../decision-village'
import { PageRoot } from '@/components/page-root'
import { NO_CUT, TextCount, tooLongText } from '@/components/text-count'
import { LoadStateBox } from '@/components/load-error'
import { ReturnedDraft, loadReturnedDrafts, type ReturnedDrafts } from './returned-draft'
import './index.scss'

/** Whether a linked disclosure is public (readable on the disclosure page). */
function isPublic(ref: DecisionDto['resolutionDisclosure']): boolean {
  return ref !== null && (ref.status === 'published' || ref.status === 'expired')
}

/** Where a linked disclosure stands, in plain words. */
function disclosureWords(ref: DecisionDto['resolutionDisclosure']): string {
  if (!ref) return '还没有公开'
  if (ref.status === 'published' || ref.status === 'expired') return '已经公开'
  if (ref.status === 'pending_review') return '已交乡镇审核，审核后公开'
  if (ref.status === 'draft') return '退回修改中'
  if (ref.status === 'superseded') return '已更新'
  return '已撤回'
}

const OUTCOME_WORDS = { passed: '通过', failed: '未通过', no_quorum: '到会人数不足' } as const

/** One decision: its steps with counts and the legal quorum explained, the two disclosures and the money. */
export default function DecisionPage() {
  const { params } = useRouter()
  const id = readQueryParam(params.id) ?? ''
  const data = useLoader<{ decision: DecisionDto; me: MeDto; returned: ReturnedDrafts }>()
  const [results, setResults] = useState('')
  const { busy, once } = useSubmitOnce()
  const [formError, setFormError] = useState<string | null>(null)
  const load = () =>
    data.run(async () => {
      const decision = await getDecision(id)
      const me = await getMe()
      const returned = await loadReturnedDrafts(decision, isSecretaryOf(me, decision.villageCode))
      return { decision, me, returned }
    })
  useDidShow(() => {
    void load()
  })

  const state = data.state
  if (state.kind !== 'ready')
    return (
      <PageRoot>
        <LoadStateBox state={state} onRetry={() => void load()} />
      </PageRoot>
    )
  const { decision: d, me, returned } = state.data
  const secretary = isSecretaryOf(me, d.villageCode)

  const submitResults = once(async () => {
    if (results.trim().length < 2) {
      setFormError('请写明办理情况，例如签了什么合同、做完了什么')
      return
    }
    const tooLong = tooLongText('办理结果', results, DECISION_RESULTS_MAX)
    if (tooLong) {
      setFormError(tooLong)
      return
    }
    setFormError(null)
    try {
      data.set({ decision: await publishDecisionResults(d.id, { text: results.trim() }), me, returned })
      void Taro.showToast({ title: '已交乡镇审核', icon: 'success' })
    } catch (err) {
      setFormError(errorText(err))
    }
  })

  const openDisclosure = (ref: DecisionDto['resolutionDisclosure']) => {
    if (ref) void Taro.navigateTo({ url: pageUrl(Routes.Disclosure, { id: ref.id }) })
  }

  return (
    <PageRoot className="cw-decide cw-decision" data-id={d.id} data-status={d.status}>
      <Text className="cw-decide__title cw-decision__title">{d.title}</Text>
      <Text className="cw-decide__subtitle">{d.kindLabel}</Text>
      <Text className={`cw-decide__badge cw-decide__badge--${d.status} cw-decision__status`}>
        {d.statusLabel}
      </Text>
      {d.description && <Text className="cw-decide__line">{d.description}</Text>}

      <Text className="cw-decide__section">议事经过</Text>
      {d.steps.length === 0 && <Text className="cw-decide__muted">还没有记录</Text>}
      {d.steps.map((s) => (
        <View
          key={s.step}
          className="cw-decide__card cw-decision__step"
          data-step={s.step}
          data-outcome={s.outcome}
        >
          <Text className="cw-decide__card-title">{s.label}</Text>
          <Text className="cw-decide__muted">
            {formatDate(s.heldOn)} · {s.meetingLabel}
          </Text>
          <Text className="cw-decide__line">议题：{s.motion}</Text>
          {s.explanation.map((line) => (
            <Text key={line} className="cw-decide__line cw-decision__explain">
              {line}
            </Text>
          ))}
          {s.note && <Text className="cw-decide__muted">备注：{s.note}</Text>}
          {s.consultationId && (
            <Button
              className="cw-btn cw-btn--ghost cw-decision__consultation"
              onClick={() =>
                void Taro.navigateTo({ url: pageUrl(Routes.DecideConsult, { id: s.consultationId ?? '' }) })
              }
            >
              看依据的征求意见结果
            </Button>
          )}
          <Text className={`cw-decide__badge cw-decide__badge--${s.outcome}`}>
            {OUTCOME_WORDS[s.outcome]}
          </Text>
        </View>
      ))}
      {d.nextStep && (
        <View className="cw-decide__notice cw-decision__next">
          下一步：{DECISION_STEP_LABELS[d.nextStep]}
        </View>
      )}
      {d.nextStep && secretary && (
        <Button
          className="cw-btn cw-decision__record"
          onClick={() => void Taro.navigateTo({ url: pageUrl(Routes.DecideDecisionStep, { id: d.id }) })}
        >
          记录这一步
        </Button>
      )}
      {(d.status === 'failed' || d.status === 'no_quorum') && (
        <View className="cw-decide__notice cw-decide__notice--warn">
          这件事没有通过，不能再往下办。要重新商量，请新建一件议事事项。
        </View>
      )}

      {d.status === 'passed' && (
        <View>
          <Text className="cw-decide__section">两公开</Text>
          <View className="cw-decide__card cw-decision__resolution">
            <Text className="cw-decide__card-title">决议公开</Text>
            <Text className="cw-decide__line cw-decision__resolution-state">
              {disclosureWords(d.resolutionDisclosure)}
            </Text>
            {isPublic(d.resolutionDisclosure) && (
              <Button className="cw-btn cw-btn--ghost" onClick={() => openDisclosure(d.resolutionDisclosure)}>
                看决议全文
              </Button>
            )}
            {secretary && d.resolutionDisclosure && (
              <ReturnedDraft
                disclosure={d.resolutionDisclosure}
                draft={returned[d.resolutionDisclosure.id]}
              />
            )}
          </View>
          <View className="cw-decide__card cw-decision__results">
            <Text className="cw-decide__card-title">实施结果公开</Text>
            <Text className="cw-decide__line">{disclosureWords(d.resultsDisclosure)}</Text>
            {isPublic(d.resultsDisclosure) && (
              <Button className="cw-btn cw-btn--ghost" onClick={() => openDisclosure(d.resultsDisclosure)}>
                看实施结果
              </Button>
            )}
            {secretary && d.resultsDisclosure && (
              <ReturnedDraft disclosure={d.resultsDisclosure} draft={returned[d.resultsDisclosure.id]} />
            )}
          </View>
        </View>
      )}

      {d.money && d.status === 'passed' && (
        <View>
          <Text className="cw-decide__section">钱的来去</Text>
          <View className="cw-decision__money">
            <View className="cw-decision__money-box">
              <Text className="cw-decide__muted">按这件事收到</Text>
              <Text className="cw-decision__money-value cw-decision__raised">
                {formatYuan(d.money.raisedFen)} 元
              </Text>
            </View>
            <View className="cw-decision__money-box">
              <Text className="cw-decide__muted">已经花出</Text>
              <Text className="cw-decision__money-value cw-decision__spent">
                {formatYuan(d.money.spentFen)} 元
              </Text>
            </View>
          </View>
          <Text className="cw-decide__hint">数字来自村级账目，收到的钱已扣除退款</Text>
          {d.money.charges.map((c) => (
            <Text key={c.id} className="cw-decide__line">
              收费项目：{c.title}
            </Text>
          ))}
        </View>
      )}

      {secretary && d.status === 'passed' && !d.resultsDisclosure && !isPublic(d.resolutionDisclosure) && (
        <Text className="cw-decide__hint cw-decision__results-wait">
          决议公开经乡镇审核发布后，才能公开办理结果
        </Text>
      )}
      {secretary && d.status === 'passed' && !d.resultsDisclosure && isPublic(d.resolutionDisclosure) && (
        <View>
          <Text className="cw-decide__label">公开办理结果</Text>
          <Textarea
            className="cw-decide__textarea cw-decision__results-text"
            value={results}
            placeholder="例如：村东主路 800 米已完工并验收"
            maxlength={NO_CUT}
            onInput={(e) => setResults(e.detail.value)}
          />
          <TextCount text={results} max={DECISION_RESULTS_MAX} className="cw-decision__results-count" />
          <Text className="cw-decide__hint">收到和花出的钱会从村级账目自动写进去</Text>
          {formError && (
            <View className="cw-decide__form-error" role="alert">
              {formError}
            </View>
          )}
          <Button
            className={`cw-btn cw-decision__publish-results${busy ? ' cw-btn--busy' : ''}`}
            {...(busy ? { disabled: true } : {})}
            onClick={() => void submitResults()}
          >
            {busy ? '正在提交…' : '交乡镇审核后公开'}
          </Button>
        </View>
      )}
      <Button
        className="cw-btn cw-btn--ghost cw-decision__all"
        onClick={() => void Taro.navigateTo({ url: Routes.DecideDecisions })}
      >
        村里的其他议事
      </Button>
    </PageRoot>
  )
}
