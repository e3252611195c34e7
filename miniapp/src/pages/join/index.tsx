import { useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { useLoad, useRouter } from '@tarojs/taro'
import {
  chineseZodMessage,
  DEMO_COUNTY_CODE,
  HOUSEHOLD_NO_MAX,
  MembershipApplySchema,
  PERSON_NAME_MAX,
  type MembershipDto,
  type Region,
} from '@cunwu/domain'
import { ErrorBox, EmptyBox, LoadingBox } from '@/components/page-state'
import { oneLineMaxLength } from '@/components/text-count'
import { useLoader } from '@/hooks/use-loader'
import { useSession } from '@/hooks/use-session'
import { useSubmitOnce } from '@/hooks/use-submit-once'
import { acceptInvite, applyToVillage } from '@/services/api/memberships'
import { listChildRegions } from '@/services/api/regions'
import { Routes, pageUrl, readQueryParam } from '@/routes'
import { errorText } from '@/utils/errors'
import { PageRoot } from '@/components/page-root'
import { LoadErrorBox } from '@/components/load-error'
import './index.scss'

type Step =
  | { kind: 'township' }
  | { kind: 'village'; township: Region }
  | { kind: 'form'; township: Region; village: Region }

/** Join page: pick township → village and apply with name and 户号, or accept an invite opened with `?scene=`. */
export default function JoinPage() {
  const { params } = useRouter()
  const scene = readQueryParam(params.scene)
  const session = useSession()
  const townships = useLoader<Region[]>(scene ? 'idle' : 'loading')
  const villages = useLoader<Region[]>('idle')
  const [step, setStep] = useState<Step>({ kind: 'township' })
  const [name, setName] = useState('')
  const [householdNo, setHouseholdNo] = useState('')
  const [formError, setFormError] = useState<string | null>(null)
  const { busy, once } = useSubmitOnce()
  const [done, setDone] = useState<MembershipDto | null>(null)

  const loadTownships = () => townships.run(() => listChildRegions(DEMO_COUNTY_CODE))
  useLoad(() => {
    if (!scene) void loadTownships()
  })

  const goSignIn = () => {
    const back = pageUrl(Routes.Join, { scene })
    void Taro.navigateTo({ url: pageUrl(Routes.Login, { redirect: back }) })
  }

  const chooseTownship = (township: Region) => {
    setStep({ kind: 'village', township })
    void villages.run(() => listChildRegions(township.code))
  }

  const submit = once(async (village: Region) => {
    const checked = MembershipApplySchema.safeParse({ name, householdNo }, { error: chineseZodMessage })
    if (!checked.success) {
      setFormError(checked.error.issues[0]?.message ?? '请检查填写的内容')
      return
    }
    setFormError(null)
    try {
      setDone(await applyToVillage(village.code, checked.data))
    } catch (err) {
      setFormError(errorText(err))
    }
  })

  const accept = once(async (inviteScene: string) => {
    setFormError(null)
    try {
      setDone(await acceptInvite(inviteScene))
    } catch (err) {
      setFormError(errorText(err))
    }
  })

  if (done) {
    const joined = done.status === 'approved'
    return (
      <PageRoot className="cw-join">
        <View className="cw-join__done" role="status">
          <Text className="cw-join__done-title">{joined ? '已加入' : '申请已提交'}</Text>
          <Text className="cw-join__text">
            {joined
              ? `您已加入${done.villageName ?? '本村'}。`
              : `请等${done.villageName ?? '村里'}的村务管理员审核，审核后就能看到本村的公开内容。`}
          </Text>
        </View>
        <Button className="cw-btn cw-join__home" onClick={() => void Taro.reLaunch({ url: Routes.Home })}>
          回到首页
        </Button>
      </PageRoot>
    )
  }

  if (!session) {
    return (
      <PageRoot className="cw-join">
        <Text className="cw-join__title">加入本村</Text>
        <Text className="cw-join__text">请先登录，再申请加入本村。</Text>
        <Button className="cw-btn cw-join__login" onClick={goSignIn}>
          去登录
        </Button>
      </PageRoot>
    )
  }

  if (scene) {
    return (
      <PageRoot className="cw-join cw-join__invite">
        <Text className="cw-join__title">村里邀请您加入</Text>
        <Text className="cw-join__text">村务管理员给您发了邀请。点下面的按钮就能加入本村。</Text>
        {formError && <ErrorBox title="没有加入成功" message={formError} />}
        <Button
          className={`cw-btn cw-join__accept${busy ? ' cw-btn--busy' : ''}`}
          {...(busy ? { disabled: true } : {})}
          onClick={() => void accept(scene)}
        >
          {busy ? '正在加入…' : '接受邀请，加入本村'}
        </Button>
      </PageRoot>
    )
  }

  return (
    <PageRoot className="cw-join">
      {step.kind === 'township' && (
        <View className="cw-join__step cw-join__step--township">
          <Text className="cw-join__title">第一步：选择乡镇（街道）</Text>
          {townships.state.kind === 'loading' && <LoadingBox />}
          {townships.state.kind === 'error' && (
            <LoadErrorBox error={townships.state.error} onRetry={() => void loadTownships()} />
          )}
          {townships.state.kind === 'ready' && townships.state.data.length === 0 && (
            <EmptyBox text="没有找到乡镇" />
          )}
          {townships.state.kind === 'ready' &&
            townships.state.data.map((t) => (
              <View key={t.code} className="cw-list-row cw-join__option" onClick={() => chooseTownship(t)}>
                {t.name}
              </View>
            ))}
        </View>
      )}

      {step.kind === 'village' && (
        <View className="cw-join__step cw-join__step--village">
          <Text className="cw-join__title">第二步：选择村（社区）</Text>
          <Text className="cw-join__text">{step.township.name}</Text>
          {villages.state.kind === 'loading' && <LoadingBox />}
          {villages.state.kind === 'error' && (
            <LoadErrorBox error={villages.state.error} onRetry={() => chooseTownship(step.township)} />
          )}
          {villages.state.kind === 'ready' && villages.state.data.length === 0 && (
            <EmptyBox text="这里没有村" />
          )}
          {villages.state.kind === 'ready' &&
            villages.state.data.map((v) => (
              <View
                key={v.code}
                className="cw-list-row cw-join__option"
                onClick={() => setStep({ kind: 'form', township: step.township, village: v })}
              >
                {v.name}
              </View>
            ))}
          <Button
            className="cw-btn cw-btn--ghost cw-join__back"
            onClick={() => setStep({ kind: 'township' })}
          >
            上一步
          </Button>
        </View>
      )}

      {step.kind === 'form' && (
        <View className="cw-join__step cw-join__step--form">
          <Text className="cw-join__title">第三步：填写户口信息</Text>
          <Text className="cw-join__text">申请加入：{step.village.name}</Text>
          <Text className="cw-join__label">姓名</Text>
          <Input
            className="cw-input cw-join__name"
            value={name}
            placeholder="户口本上的名字"
            maxlength={oneLineMaxLength(PERSON_NAME_MAX)}
            onInput={(e) => setName(e.detail.value)}
          />
          <Text className="cw-join__label">户号</Text>
          <Input
            className="cw-input cw-join__household"
            value={householdNo}
            placeholder="例如 001，按组编号的写上组，如 一组-001"
            maxlength={oneLineMaxLength(HOUSEHOLD_NO_MAX)}
            onInput={(e) => setHouseholdNo(e.detail.value)}
          />
          {formError && <ErrorBox title="没有提交成功" message={formError} />}
          <Button
            className={`cw-btn cw-join__submit${busy ? ' cw-btn--busy' : ''}`}
            {...(busy ? { disabled: true } : {})}
            onClick={() => void submit(step.village)}
          >
            {busy ? '正在提交…' : '提交申请'}
          </Button>
          <Button
            className="cw-btn cw-btn--ghost cw-join__back"
            onClick={() => setStep({ kind: 'village', township: step.township })}
          >
            上一步
          </Button>
        </View>
      )}
    </PageRoot>
  )
}
