import { useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import { RegionRetirementSchema, type Region, type RoleGrantDto } from '@cunwu/domain'
import { retireRegion } from '@/services/api/regions'
import { RegionPicker, type PickedRegion } from '../region-picker'
import { CheckedConfirm } from './checked-confirm'
import { retireSummary } from './words'

/** Props of {@link RetireForm}. */
export interface RetireFormProps {
  /** The village or township to retire (or whose retirement to correct), as read from the BFF. */
  village: Region
  /** The admin's own regions: where the village it merged into is chosen from. */
  roots: readonly RoleGrantDto[]
  onDone: (village: Region) => void
  onCancel: () => void
}

/**
 * 撤并日期, 并入 (a village chosen down the tree, or none when it was abolished) and the reason; 下一步 checks them as
 * the BFF does (`RegionRetirementSchema`), then a confirmation says what changes before anything is sent.
 */
export function RetireForm({ village, roots, onDone, onCancel }: RetireFormProps) {
  // A township merges into a township, a village into a village.
  const word = village.level === 'township' ? '乡镇' : '村'
  const was = village.retirement ?? null
  const [retiredOn, setRetiredOn] = useState(was?.retiredOn ?? '')
  const [into, setInto] = useState<{ code: string; name: string } | null>(
    was?.mergedInto ? { code: was.mergedInto, name: was.mergedIntoName ?? '' } : null,
  )
  const [choosing, setChoosing] = useState(false)
  const [reason, setReason] = useState('')

  const typed = { retiredOn, mergedInto: into?.code ?? null, reason }
  // The day as typed (2026-9-20, 2026年9月20日) is read as the BFF reads it; the summary and the request use the day read.
  const parsed = RegionRetirementSchema.safeParse(typed)
  const request = { ...typed, retiredOn: parsed.success ? parsed.data.retiredOn : retiredOn.trim() }
  const check = () => {
    if (into?.code === village.code) return `不能并入本${word}自己，请选择接收本${word}的另一个${word}`
    return parsed.success ? null : (parsed.error.issues[0]?.message ?? '请检查填写的内容')
  }

  const pick = (r: PickedRegion) => {
    setChoosing(false)
    setInto({ code: r.code, name: r.name })
  }

  return (
    <View className="cw-retire__form">
      <Text className="cw-retire__label">撤并日期（从这一天起不再单独存在）</Text>
      <Input
        className="cw-input cw-retire__date"
        value={retiredOn}
        placeholder="例如 2026-09-20"
        maxlength={20}
        onInput={(e) => setRetiredOn(e.detail.value)}
      />

      <Text className="cw-retire__label">并入哪个{word}（可以不选）</Text>
      <Text className="cw-retire__hint">
        {into ? `并入${into.name}` : `不并入其他${word}（例如整${word}撤销建制）`}
      </Text>
      {!choosing && (
        <View className="cw-retire__into-actions">
          <Button className="cw-btn cw-btn--ghost cw-retire__into-open" onClick={() => setChoosing(true)}>
            {into ? `换一个并入的${word}` : `选择并入的${word}`}
          </Button>
          {into && (
            <Button className="cw-btn cw-btn--ghost cw-retire__into-clear" onClick={() => setInto(null)}>
              不并入其他{word}
            </Button>
          )}
        </View>
      )}
      {choosing && (
        <View className="cw-retire__into-picker">
          <RegionPicker roots={roots} levels={[village.level]} onPick={pick} />
          <Button className="cw-btn cw-btn--ghost cw-retire__into-cancel" onClick={() => setChoosing(false)}>
            不选了
          </Button>
        </View>
      )}

      <CheckedConfirm
        reason={{
          label: '原因（会记入操作记录）',
          placeholder: '例如 依据县政府〔2026〕12号文件',
          value: reason,
          onChange: setReason,
          onCancel,
          cancelText: '不改了',
        }}
        check={check}
        confirmation={() => ({
          title: was ? `确定修改${village.name}的撤并信息？` : `确定登记${village.name}撤并？`,
          message: retireSummary(village, request.retiredOn, into?.name ?? null, was !== null),
          confirmText: was ? '确定修改' : '确定撤并',
          busyText: '正在保存…',
        })}
        send={() => retireRegion(village.code, request)}
        onDone={onDone}
      />
    </View>
  )
}
