import { useState } from 'react'
import { Button, Input, Text, Textarea, View } from '@tarojs/components'
import Taro, { useLoad } from '@tarojs/taro'
import {
  chineseZodMessage,
  CORRECTION_TARGET_MAX,
  CORRECTION_TEXT_MAX,
  CorrectionCreateSchema,
  type CorrectionKind,
  type MyDataDto,
} from '@cunwu/domain'
import { EmptyBox, ErrorBox, LoadingBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { useSession } from '@/hooks/use-session'
import { useIdempotencyKey, useSubmitOnce } from '@/hooks/use-submit-once'
import { downloadMyData, getMyData, requestCorrection } from '@/services/api/privacy'
import { Routes } from '@/routes'
import { errorText } from '@/utils/errors'
import { formatDateTime } from '@/utils/format'
import { MEMBERSHIP_STATUS_LABELS, roleText } from '@/utils/labels'
import { PageRoot } from '@/components/page-root'
import { LoadErrorBox } from '@/components/load-error'
import { NO_CUT, TextCount, oneLineMaxLength } from '@/components/text-count'
import '../index.scss'
import './index.scss'

const KIND_LABELS: Record<CorrectionKind, string> = { correct: '更正', delete: '删除' }
const STATUS_LABELS = { open: '处理中', done: '已处理' } as const

/** One labelled line of the summary. */
function Line({ label, value }: { label: string; value: string }) {
  return (
    <View className="cw-mydata__line">
      <Text className="cw-mydata__label">{label}</Text>
      <Text className="cw-mydata__value">{value}</Text>
    </View>
  )
}

/** The form that sends a correction or deletion request to the village's secretary. */
function CorrectionForm({ data, onSent }: { data: MyDataDto; onSent: () => void }) {
  const villages = data.memberships.filter((m) => m.status !== 'rejected')
  const [village, setVillage] = useState(villages[0]?.villageCode ?? '')
  const [kind, setKind] = useState<CorrectionKind>('correct')
  const [target, setTarget] = useState('')
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)
  const { busy, once } = useSubmitOnce()
  const idempotency = useIdempotencyKey()
  if (villages.length === 0) {
    return <Text className="cw-privacy__paragraph">加入村以后，可以在这里向村里申请更正或删除您的信息。</Text>
  }
  const submit = once(async () => {
    const parsed = CorrectionCreateSchema.safeParse(
      { villageCode: village, kind, target, text },
      // zod's own checks in plain Chinese where the schema gives no message.
      { error: chineseZodMessage },
    )
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? '请把内容填写完整')
      return
    }
    setError(null)
    try {
      // The same request sent again (after a lost answer) carries the same key: the village gets it once.
      await requestCorrection(parsed.data, idempotency.keyFor(parsed.data))
      idempotency.done()
      setTarget('')
      setText('')
      void Taro.showToast({ title: '已送到村里', icon: 'success' })
      onSent()
    } catch (err) {
      setError(errorText(err))
    }
  })
  return (
    <View className="cw-mydata__form">
      {villages.length > 1 && (
        <View className="cw-mydata__choices">
          {villages.map((m) => (
            <Button
              key={m.villageCode}
              className={`cw-btn cw-btn--ghost cw-mydata__choice${village === m.villageCode ? ' cw-mydata__choice--on' : ''}`}
              onClick={() => setVillage(m.villageCode)}
            >
              {m.villageName ?? m.villageCode}
            </Button>
          ))}
        </View>
      )}
      <View className="cw-mydata__choices">
        {(['correct', 'delete'] as const).map((k) => (
          <Button
            key={k}
            className={`cw-btn cw-btn--ghost cw-mydata__kind cw-mydata__kind--${k}${kind === k ? ' cw-mydata__choice--on' : ''}`}
            onClick={() => setKind(k)}
          >
            申请{KIND_LABELS[k]}
          </Button>
        ))}
      </View>
      <Text className="cw-mydata__label">是哪条信息</Text>
      <Input
        className="cw-input cw-mydata__target"
        aria-label="是哪条信息"
        placeholder="例如：低保名单里的户号"
        value={target}
        maxlength={oneLineMaxLength(CORRECTION_TARGET_MAX)}
        onInput={(e) => setTarget(e.detail.value)}
      />
      <Text className="cw-mydata__label">要怎么改</Text>
      <Textarea
        className="cw-mydata__text"
        aria-label="要怎么改"
        placeholder="例如：户号应为 0012"
        value={text}
        maxlength={NO_CUT}
        onInput={(e) => setText(e.detail.value)}
      />
      <TextCount text={text} max={CORRECTION_TEXT_MAX} className="cw-mydata__count" />
      {error && <ErrorBox title="没有送出" message={error} />}
      <Button
        className={`cw-btn cw-mydata__send${busy ? ' cw-btn--busy' : ''}`}
        {...(busy ? { disabled: true } : {})}
        onClick={() => void submit()}
      >
        {busy ? '正在送出…' : '送给村里处理'}
      </Button>
    </View>
  )
}

/** 我的信息: everything the product holds about the person, a download, and correction requests. */
export default function MyDataPage() {
  const signedIn = useSession() !== null
  const data = useLoader<MyDataDto>(signedIn ? 'loading' : 'idle')
  const [downloadError, setDownloadError] = useState<string | null>(null)
  const load = () => data.run(getMyData)
  useLoad(() => {
    if (signedIn) void load()
  })

  if (!signedIn) {
    return (
      <PageRoot className="cw-privacy">
        <EmptyBox text="登录后可以查看您的信息" />
        <Button className="cw-btn" onClick={() => void Taro.navigateTo({ url: Routes.Login })}>
          去登录
        </Button>
      </PageRoot>
    )
  }
  const state = data.state
  if (state.kind === 'loading' || state.kind === 'idle') {
    return (
      <PageRoot className="cw-privacy">
        <LoadingBox />
      </PageRoot>
    )
  }
  if (state.kind === 'error') {
    return (
      <PageRoot className="cw-privacy">
        <LoadErrorBox error={state.error} onRetry={() => void load()} />
      </PageRoot>
    )
  }
  const d = state.data
  const download = async () => {
    setDownloadError(null)
    try {
      await downloadMyData()
    } catch (err) {
      setDownloadError(errorText(err))
    }
  }
  return (
    <PageRoot className="cw-privacy cw-mydata">
      <Text className="cw-privacy__title">我的信息</Text>
      <Text className="cw-privacy__meta">村务通保存的关于您的全部信息</Text>
      <Button className="cw-btn cw-mydata__download" onClick={() => void download()}>
        下载全部信息
      </Button>
      {downloadError && <ErrorBox title="下载没有成功" message={downloadError} />}

      <View className="cw-privacy__section cw-mydata__account">
        <Text className="cw-privacy__heading">账号</Text>
        <Line label="名字" value={d.account.displayName} />
        <Line label="微信账号标识" value={d.account.wechatId} />
        <Line label="第一次登录" value={formatDateTime(d.account.createdAt)} />
        {d.roles.map((r) => (
          <Line key={`${r.role}${r.regionCode}`} label="身份" value={roleText(r)} />
        ))}
      </View>

      <View className="cw-privacy__section cw-mydata__memberships">
        <Text className="cw-privacy__heading">加入的村</Text>
        {d.memberships.length === 0 && <Text className="cw-privacy__paragraph">没有</Text>}
        {d.memberships.map((m) => (
          <Line
            key={m.id}
            label={m.villageName ?? m.villageCode}
            value={`${m.name}，户号 ${m.householdNo}，${MEMBERSHIP_STATUS_LABELS[m.status]}`}
          />
        ))}
        {d.proxies.map((p) => (
          <Line
            key={`${p.villageCode}${p.householdNo}${p.forName}`}
            label="代办"
            value={`替${p.forName}办理（户号 ${p.householdNo}）`}
          />
        ))}
      </View>

      <View className="cw-privacy__section cw-mydata__records">
        <Text className="cw-privacy__heading">其他记录</Text>
        <Line
          label="同意隐私政策"
          value={d.privacyConsents.map((c) => formatDateTime(c.acceptedAt)).join('；') || '没有'}
        />
        <Line label="订阅" value={`${d.subscriptions.length} 项`} />
        <Line label="收到的消息" value={`${d.inbox.length} 条`} />
        <Line label="缴费记录" value={`${d.payments.length} 笔`} />
        <Line label="政府信息公开申请" value={`${d.infoRequests.length} 件`} />
        <Line label="名单里和您家有关的" value={`${d.householdRows.length} 份公开`} />
        <Line label="登录记录" value={`${d.sessions.length} 次`} />
      </View>

      <View className="cw-privacy__section cw-mydata__corrections">
        <Text className="cw-privacy__heading">申请更正或删除</Text>
        <Text className="cw-privacy__paragraph">发现信息不对，或者想删除，写下来送给村里的村务管理员。</Text>
        {d.corrections.map((c) => (
          <Line
            key={c.id}
            label={`${KIND_LABELS[c.kind]}：${c.target}`}
            value={`${STATUS_LABELS[c.status]}，${formatDateTime(c.createdAt)}`}
          />
        ))}
        <CorrectionForm data={d} onSent={() => void load()} />
      </View>

      <Button
        className="cw-btn cw-btn--ghost cw-mydata__policy"
        onClick={() => void Taro.navigateTo({ url: Routes.Privacy })}
      >
        查看隐私政策
      </Button>
    </PageRoot>
  )
}
