import { useState } from 'react'
import { Button, Image, Input, Text } from '@tarojs/components'
import {
  chineseZodMessage,
  HOUSEHOLD_NO_MAX,
  InviteCreateSchema,
  PERSON_NAME_MAX,
  type InviteDto,
} from '@cunwu/domain'
import { oneLineMaxLength } from '@/components/text-count'
import { useSubmitOnce } from '@/hooks/use-submit-once'
import { ErrorBox } from '@/components/page-state'
import { openPublicFile } from '@/components/public-files'
import { getMe } from '@/services/api/me'
import { createInvite } from '@/services/api/memberships'
import { errorText } from '@/utils/errors'
import { formatDateTime } from '@/utils/format'
import { secretaryGrant } from '../village'
import { PageRoot } from '@/components/page-root'
import './index.scss'

/** The secretary makes an invite QR code for one household; the villager scans it in WeChat to join. */
export default function InvitePage() {
  const [householdNo, setHouseholdNo] = useState('')
  const [name, setName] = useState('')
  const { busy, once } = useSubmitOnce()
  const [error, setError] = useState<string | null>(null)
  const [invite, setInvite] = useState<InviteDto | null>(null)
  const [printFailed, setPrintFailed] = useState(false)

  // The invite on an A5 sheet, for a villager who will scan it later at home.
  const print = (scene: string) => {
    setPrintFailed(false)
    void openPublicFile(`/api/v1/invites/${scene}/poster.pdf?size=A5`, 'pdf').catch(() =>
      setPrintFailed(true),
    )
  }

  const submit = once(async () => {
    const checked = InviteCreateSchema.safeParse({ householdNo, name }, { error: chineseZodMessage })
    if (!checked.success) {
      setError(checked.error.issues[0]?.message ?? '请填写户号和姓名')
      return
    }
    setError(null)
    try {
      const grant = secretaryGrant(await getMe())
      if (!grant) {
        setError('您不是村务管理员，不能生成邀请码')
        return
      }
      setInvite(await createInvite(grant.regionCode, checked.data))
    } catch (err) {
      setError(errorText(err))
    }
  })

  if (invite) {
    return (
      <PageRoot className="cw-invite">
        <Text className="cw-invite__title">
          {invite.name}（户号 {invite.householdNo}）的邀请码
        </Text>
        {/* H5 renders an <img>: nativeProps gives it the text alternative (WCAG 1.1.1). */}
        <Image
          className="cw-invite__qr"
          src={invite.qrDataUrl}
          mode="aspectFit"
          nativeProps={{ alt: `${invite.name}（户号 ${invite.householdNo}）的入村邀请二维码` }}
        />
        <Text className="cw-invite__text">请让村民用微信扫一扫这个码，就能加入本村。</Text>
        <Text className="cw-invite__text">有效期到 {formatDateTime(invite.expiresAt)}</Text>
        <Button className="cw-btn cw-invite__print" onClick={() => print(invite.scene)}>
          打印邀请（A5纸）
        </Button>
        {printFailed && <Text className="cw-invite__text">没有打开打印文件，请稍后再试</Text>}
        <Button className="cw-btn cw-btn--ghost cw-invite__again" onClick={() => setInvite(null)}>
          再生成一个
        </Button>
      </PageRoot>
    )
  }

  return (
    <PageRoot className="cw-invite">
      <Text className="cw-invite__title">生成入村邀请码</Text>
      <Text className="cw-invite__label">户号</Text>
      <Input
        className="cw-input cw-invite__household"
        value={householdNo}
        placeholder="例如 001"
        maxlength={oneLineMaxLength(HOUSEHOLD_NO_MAX)}
        onInput={(e) => setHouseholdNo(e.detail.value)}
      />
      <Text className="cw-invite__label">姓名</Text>
      <Input
        className="cw-input cw-invite__name"
        value={name}
        placeholder="要加入的村民姓名"
        maxlength={oneLineMaxLength(PERSON_NAME_MAX)}
        onInput={(e) => setName(e.detail.value)}
      />
      {error && <ErrorBox title="没有生成" message={error} />}
      <Button
        className={`cw-btn cw-invite__submit${busy ? ' cw-btn--busy' : ''}`}
        {...(busy ? { disabled: true } : {})}
        onClick={() => void submit()}
      >
        {busy ? '正在生成…' : '生成邀请码'}
      </Button>
    </PageRoot>
  )
}
