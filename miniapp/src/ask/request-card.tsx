import { useState, type ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import {
  INFO_REPLY_TYPE_LABELS,
  INFO_REQUEST_STEP_LABELS,
  InfoRequestStepSchema,
  type InfoRequestDto,
} from '@cunwu/domain'
import { pageUrl, Routes } from '@/routes'
import { formatDate, formatDateTime, formatDueDate } from '@/utils/format'
import { isH5 } from '@/utils/platform'
import { focusable } from '@/utils/focusable'

function stepLabel(step: string): string {
  const parsed = InfoRequestStepSchema.safeParse(step)
  return parsed.success ? INFO_REQUEST_STEP_LABELS[parsed.data] : step
}

/**
 * A web address in a reply: in the browser (H5) a tap opens it; inside WeChat, where a mini-program cannot open
 * outside pages, a tap copies it to paste into the browser. The address stays selectable either way.
 */
function ReplyLink({ url }: { url: string }) {
  const [copied, setCopied] = useState(false)
  const open = async () => {
    if (isH5()) {
      window.open(url, '_blank', 'noopener,noreferrer')
      return
    }
    await Taro.setClipboardData({ data: url })
    setCopied(true)
  }
  return (
    <View
      role="link"
      {...focusable}
      className="cw-ask__line cw-request__link"
      data-url={url}
      onClick={() => void open()}
    >
      <Text userSelect>{url}</Text>
      <Text className="cw-request__link-hint">
        {isH5() ? '（点击打开）' : copied ? '（已复制，请粘贴到浏览器打开）' : '（点击复制网址）'}
      </Text>
    </View>
  )
}

/**
 * What the requester may do about any answer, a lapse or an overdue request (条例第五十一条): complain to the office
 * above or the information-disclosure authority, or apply for reconsideration or sue. Every answer can be contested
 * (a 予以公开 may not be what was asked), so it follows each one.
 */
const REMEDIES =
  '如有异议：可以向上一级机关或政府信息公开主管部门投诉、举报，也可以申请行政复议或者提起行政诉讼（条例第五十一条）。'

/** The tone of a request's badge: waiting on the office, on the requester, overdue, or done. */
function tone(r: InfoRequestDto): 'open' | 'overdue' | 'done' {
  if (r.overdue) return 'overdue'
  return r.status === 'replied' || r.status === 'archived' || r.status === 'lapsed' ? 'done' : 'open'
}

/**
 * A government information request as a card: number, status, the deadline (and why it moved), the correction
 * notice, the reply and each step. The office's view also shows the requester (`showRequester`).
 */
export function RequestCard({
  r,
  showRequester = false,
  children,
}: {
  r: InfoRequestDto
  showRequester?: boolean
  children?: ReactNode
}) {
  const t = tone(r)
  return (
    <View
      className={`cw-ask__card cw-request${t === 'overdue' ? ' cw-ask__card--overdue' : ''}`}
      data-id={r.id}
      data-status={r.status}
    >
      <Text className="cw-ask__card-title cw-request__number">{r.number}</Text>
      <Text className={`cw-ask__badge cw-ask__badge--${t} cw-request__status`}>
        {r.overdue ? '已超过答复期限' : r.statusLabel}
      </Text>
      <Text className="cw-ask__text">申请的信息：{r.description}</Text>
      {r.purpose && <Text className="cw-ask__line">用途：{r.purpose}</Text>}
      {r.supplement && (
        <View className="cw-ask__reply cw-request__supplement">
          <Text className="cw-ask__text">
            补正（{formatDateTime(r.supplement.at)}）：{r.supplement.text}
          </Text>
          {r.supplement.purpose && <Text className="cw-ask__line">用途：{r.supplement.purpose}</Text>}
        </View>
      )}
      <Text className="cw-ask__line">
        获取方式：{r.form === 'electronic' ? '电子文件' : '纸质材料'} · 收到申请：{formatDate(r.receivedDate)}
      </Text>
      {(r.status === 'registered' || r.status === 'awaiting_correction') && (
        <Text className="cw-ask__line cw-request__due">
          {r.status === 'awaiting_correction'
            ? '补正后重新计算答复期限'
            : `答复期限：${formatDueDate(r.dueDate, r.provisional)}`}
          {/* Only a consultation begun within the period pauses the clock (条例第三十三条). */}
          {r.paused ? ' · 正在征求意见，暂停计时' : r.consulting ? ' · 正在征求意见' : ''}
        </Text>
      )}
      {showRequester && (
        <Text className="cw-ask__line cw-request__requester">
          申请人：{r.requester.name}（{r.requester.type === 'person' ? '个人' : '单位'}） · 联系方式：
          {r.requester.contact} · 证件号码：{r.requester.idNumber}
        </Text>
      )}
      {r.correctionNotice && (
        <Text className="cw-ask__reply cw-request__notice">
          补正告知（{formatDateTime(r.correctionNotice.at)}）：请补充 {r.correctionNotice.missing.join('；')}
          {r.correctionNotice.dueDate &&
            `。请在${formatDueDate(r.correctionNotice.dueDate, r.correctionNotice.provisional)}前补正，逾期不补正的，视为放弃申请。`}
        </Text>
      )}
      {r.extension && (
        <Text className="cw-ask__line cw-request__extension">延长答复期限的原因：{r.extension.reason}</Text>
      )}
      {r.reply && (
        <View className="cw-ask__reply cw-request__reply">
          <Text className="cw-ask__text">
            答复（{formatDateTime(r.reply.at)}）：{INFO_REPLY_TYPE_LABELS[r.reply.type]}
          </Text>
          <Text className="cw-ask__text">{r.reply.text}</Text>
          {r.repliedLate && (
            <Text className="cw-ask__line cw-request__late">
              答复晚于期限（应在{formatDueDate(r.dueDate, r.provisional)}前答复）。
            </Text>
          )}
          {r.reply.rightOffice && <Text className="cw-ask__line">请向：{r.reply.rightOffice} 申请</Text>}
          {r.reply.disclosures.map((d) => (
            <View
              key={d.id}
              role="link"
              {...focusable}
              className="cw-ask__line cw-request__item"
              data-id={d.id}
              onClick={() => void Taro.navigateTo({ url: pageUrl(Routes.Disclosure, { id: d.id }) })}
            >
              查看公开内容：{d.title}
            </View>
          ))}
          {r.reply.links.map((l) => (
            <ReplyLink key={l} url={l} />
          ))}
        </View>
      )}
      {!showRequester && (r.reply || r.overdue || r.status === 'lapsed') && (
        <Text className="cw-ask__line cw-request__remedies">
          {r.overdue ? '机关已超过答复期限，还没有答复。' : ''}
          {REMEDIES}
        </Text>
      )}
      <View className="cw-request__history">
        {r.history.map((h) => (
          <Text key={`${h.step}-${h.at}`} className="cw-ask__history">
            {formatDateTime(h.at)} {stepLabel(h.step)}
          </Text>
        ))}
      </View>
      {children}
    </View>
  )
}
