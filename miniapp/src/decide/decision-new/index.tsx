import { useState } from 'react'
import { Button, Input, Text, Textarea, View } from '@tarojs/components'
import Taro, { useLoad } from '@tarojs/taro'
import {
  DECISION_DESCRIPTION_MAX,
  DECISION_KIND_LABELS,
  DECISION_TITLE_MAX,
  DecisionKindSchema,
  type DecisionKind,
  type RoleGrantDto,
} from '@cunwu/domain'
import { ChoiceChips } from '@/components/choice-chips'
import { ErrorBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { useIdempotencyKey, useSubmitOnce } from '@/hooks/use-submit-once'
import { createDecision } from '@/services/api/decisions'
import { getMe } from '@/services/api/me'
import { Routes, pageUrl } from '@/routes'
import { errorText } from '@/utils/errors'
import { PageRoot } from '@/components/page-root'
import { LoadStateBox } from '@/components/load-error'
import { NO_CUT, TextCount, firstTooLong, oneLineMaxLength } from '@/components/text-count'
import './index.scss'

/** The secretary opens a 四议两公开 matter: what it is about and what is proposed. */
export default function DecisionNewPage() {
  const me = useLoader<RoleGrantDto | null>()
  const [title, setTitle] = useState('')
  const [kind, setKind] = useState<DecisionKind>('fundraising')
  const [description, setDescription] = useState('')
  const [formError, setFormError] = useState<string | null>(null)
  const { busy: saving, once } = useSubmitOnce()
  const idempotency = useIdempotencyKey()
  const load = () =>
    me.run(async () => {
      const m = await getMe()
      return (
        (m.activeRole?.role === 'secretary' ? m.activeRole : m.roles.find((g) => g.role === 'secretary')) ??
        null
      )
    })
  useLoad(() => {
    void load()
  })

  const submit = once(async (grant: RoleGrantDto) => {
    if (title.trim().length < 2) {
      setFormError('请写事项名称（至少 2 个字）')
      return
    }
    const tooLong = firstTooLong([
      ['事项名称', title, DECISION_TITLE_MAX],
      ['要办什么', description, DECISION_DESCRIPTION_MAX],
    ])
    if (tooLong) return setFormError(tooLong)
    setFormError(null)
    try {
      const req = { title: title.trim(), kind, description: description.trim() }
      // The same matter sent again (after a lost answer) carries the same key: the server opens it once.
      const d = await createDecision(
        grant.regionCode,
        req,
        idempotency.keyFor({ village: grant.regionCode, req }),
      )
      idempotency.done()
      void Taro.redirectTo({ url: pageUrl(Routes.DecideDecision, { id: d.id }) })
    } catch (err) {
      setFormError(errorText(err))
    }
  })

  const state = me.state
  if (state.kind !== 'ready')
    return (
      <PageRoot>
        <LoadStateBox state={state} onRetry={() => void load()} />
      </PageRoot>
    )
  const grant = state.data
  if (!grant)
    return (
      <PageRoot>
        <ErrorBox title="不能新建议事" message="您不是村务管理员" />
      </PageRoot>
    )
  return (
    <PageRoot className="cw-decide cw-decision-new">
      <Text className="cw-decide__title">新建议事事项</Text>
      <Text className="cw-decide__subtitle">{grant.regionName ?? grant.regionCode}</Text>

      <Text className="cw-decide__label">事项名称</Text>
      <Input
        className="cw-input cw-decision-new__title"
        value={title}
        placeholder="例如：村道硬化一事一议筹资"
        maxlength={oneLineMaxLength(DECISION_TITLE_MAX)}
        onInput={(e) => setTitle(e.detail.value)}
      />
      <TextCount
        text={title}
        max={DECISION_TITLE_MAX}
        className="cw-decision-new__title-count"
        onlyWhenOver
      />

      <Text className="cw-decide__label">哪一类</Text>
      <ChoiceChips
        label="哪一类"
        value={kind}
        choices={DecisionKindSchema.options.map((k) => ({
          value: k,
          words: DECISION_KIND_LABELS[k],
          data: { 'data-kind': k },
        }))}
        onChange={setKind}
        className="cw-decide__choice"
        optionClassName="cw-decide__option cw-decision-new__kind"
        checkedClassName="cw-decide__option--on"
      />

      <Text className="cw-decide__label">要办什么（可不写）</Text>
      <Textarea
        className="cw-decide__textarea cw-decision-new__description"
        value={description}
        placeholder="例如：硬化村东主路 800 米，每户筹资 30 元"
        maxlength={NO_CUT}
        onInput={(e) => setDescription(e.detail.value)}
      />
      <TextCount
        text={description}
        max={DECISION_DESCRIPTION_MAX}
        className="cw-decision-new__description-count"
      />

      {formError && (
        <View className="cw-decide__form-error" role="alert">
          {formError}
        </View>
      )}
      <Button
        className={`cw-btn cw-decision-new__submit${saving ? ' cw-btn--busy' : ''}`}
        {...(saving ? { disabled: true } : {})}
        onClick={() => void submit(grant)}
      >
        {saving ? '正在保存…' : '保存，开始议事'}
      </Button>
    </PageRoot>
  )
}
