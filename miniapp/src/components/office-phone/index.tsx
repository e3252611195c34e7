import { useEffect, useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { normalizeOfficePhone, type Region } from '@cunwu/domain'
import { ErrorBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { useSession } from '@/hooks/use-session'
import { useSubmitOnce } from '@/hooks/use-submit-once'
import { getMe } from '@/services/api/me'
import { getRegion, setRegionOfficePhone } from '@/services/api/regions'
import { errorText } from '@/utils/errors'
import { isH5 } from '@/utils/platform'
import './index.scss'

/** The digits WeChat dials (makePhoneCall takes no separators). */
const dialled = (phone: string) => phone.replace(/-/g, '')

/** Props of {@link CallCommittee}. */
export interface CallCommitteeProps {
  /** The village's office phone as stored (0795-7123456 or 13812345678). */
  phone: string
}

/**
 * A large 打电话给村委会 button with the number under it. In WeChat it opens the dialler (Taro.makePhoneCall, which
 * asks the person before calling); in a browser it is a tel: link, which phones open in their dialler.
 */
export function CallCommittee({ phone }: CallCommitteeProps) {
  const label = `打电话给村委会，${phone}`
  if (isH5())
    return (
      <a className="cw-btn cw-call-committee" href={`tel:${dialled(phone)}`} aria-label={label}>
        <span className="cw-call-committee__label">打电话给村委会</span>
        <span className="cw-call-committee__number">{phone}</span>
      </a>
    )
  return (
    <Button
      className="cw-btn cw-call-committee"
      aria-label={label}
      onClick={() => void Taro.makePhoneCall({ phoneNumber: dialled(phone) })}
    >
      <Text className="cw-call-committee__label">打电话给村委会</Text>
      <Text className="cw-call-committee__number">{phone}</Text>
    </Button>
  )
}

/** The office phone of a region once loaded, or null (not set, or not loaded: the button then is simply absent). */
export function useOfficePhone(regionCode: string): string | null {
  const region = useLoader<Region>()
  const { run } = region
  useEffect(() => {
    void run(() => getRegion(regionCode))
  }, [run, regionCode])
  return region.state.kind === 'ready' ? (region.state.data.officePhone ?? null) : null
}

/**
 * 联系村委会 on the about page: for someone signed in as a villager or secretary of a village, the village's name and
 * 打电话给村委会 when the village has set its office phone; nothing otherwise (signed out, staff, no number).
 */
export function VillageContact() {
  const signedIn = useSession() !== null
  const [village, setVillage] = useState<{ name: string; phone: string } | null>(null)
  useEffect(() => {
    if (!signedIn) return
    let live = true
    const load = async () => {
      const me = await getMe()
      const role = me.activeRole
      if (!role || (role.role !== 'villager' && role.role !== 'secretary')) return null
      const region = await getRegion(role.regionCode)
      return region.officePhone ? { name: region.name, phone: region.officePhone } : null
    }
    load().then(
      (v) => live && setVillage(v),
      () => live && setVillage(null),
    )
    return () => {
      live = false
    }
  }, [signedIn])
  // After a sign-out the last answer is not shown.
  if (!village || !signedIn) return null
  return (
    <View className="cw-village-contact" role="region" aria-label="联系村委会">
      <Text className="cw-village-contact__heading">联系{village.name}</Text>
      <CallCommittee phone={village.phone} />
    </View>
  )
}

/** Props of {@link OfficePhoneEditor}. */
export interface OfficePhoneEditorProps {
  /** The village (or office) whose number this is. */
  regionCode: string
}

/**
 * The secretary's field for the village committee's office phone, which villagers in 长辈模式 can call from their
 * home page. Checked here as the server checks it (`normalizeOfficePhone`), saved in the form the server stores.
 */
export function OfficePhoneEditor({ regionCode }: OfficePhoneEditorProps) {
  const [value, setValue] = useState('')
  const [saved, setSaved] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const { busy, once } = useSubmitOnce()
  useEffect(() => {
    let live = true
    getRegion(regionCode).then(
      (r) => {
        if (!live) return
        setSaved(r.officePhone ?? null)
        setValue(r.officePhone ?? '')
      },
      () => undefined,
    )
    return () => {
      live = false
    }
  }, [regionCode])

  const save = once(async (phone: string | null) => {
    setError(null)
    try {
      const region = await setRegionOfficePhone(regionCode, phone)
      setSaved(region.officePhone ?? null)
      setValue(region.officePhone ?? '')
      void Taro.showToast({ title: region.officePhone ? '已保存' : '已清除', icon: 'success' })
    } catch (err) {
      setError(errorText(err))
    }
  })
  const submit = () => {
    const phone = normalizeOfficePhone(value)
    if (phone === null) {
      setError('请填写座机（带区号，如 0795-7123456）或手机号码（11位）')
      return
    }
    void save(phone)
  }

  return (
    <View className="cw-office-phone" role="group" aria-label="村委会办公电话">
      <Text className="cw-office-phone__label">村委会办公电话</Text>
      <Text className="cw-office-phone__hint">
        {saved
          ? `已公开：${saved}。村民在长辈模式首页可一键拨打`
          : '请填写村委会对外公开的办公电话（任何人都能看到），村民在长辈模式首页可一键拨打'}
      </Text>
      <Input
        className="cw-input cw-office-phone__input"
        type="text"
        value={value}
        placeholder="例如 0795-7123456"
        maxlength={40}
        onInput={(e) => setValue(e.detail.value)}
      />
      {error && <ErrorBox title="没有保存" message={error} />}
      <View className="cw-office-phone__actions">
        <Button
          className={`cw-btn cw-office-phone__save${busy ? ' cw-btn--busy' : ''}`}
          {...(busy ? { disabled: true } : {})}
          onClick={submit}
        >
          保存电话
        </Button>
        {saved && (
          <Button
            className="cw-btn cw-btn--ghost cw-office-phone__clear"
            {...(busy ? { disabled: true } : {})}
            onClick={() => void save(null)}
          >
            清除
          </Button>
        )}
      </View>
    </View>
  )
}
