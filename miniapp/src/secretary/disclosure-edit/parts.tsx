// Parts of the disclosure editor that stand on their own: the catalog's guidance, the Q&A list, the rows whose
// names contradict the roster, and the actions on a public or retracted version (a corrected version, retracting it).
import { useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import {
  CHANNEL_LABELS,
  DISCLOSURE_CHANGE_NOTE_MAX,
  DISCLOSURE_RETRACT_REASON_MAX,
  LEVEL_LABELS,
  METHOD_LABELS,
  type CatalogItem,
} from '@cunwu/domain'
import { TextCount, oneLineMaxLength } from '@/components/text-count'
import { Routes, pageUrl } from '@/routes'

/** What the catalog says must be disclosed for this item: content, basis, time limit, subject, method and channels. */
export function Guidance({ item }: { item: CatalogItem }) {
  const lines: [string, string][] = [
    ['内容', item.content?.join('；') ?? '未明确'],
    ['依据', item.basis?.join('；') ?? '未明确'],
    ['时限', item.timeLimit?.text ?? '未明确'],
    ['主体', item.subject ?? '未明确'],
    ['方式', item.method ? METHOD_LABELS[item.method] : '未明确'],
    ['渠道', item.channels?.map((c) => CHANNEL_LABELS[c]).join('、') ?? '未明确'],
    [
      '对象',
      item.audience ? (item.audience.kind === 'all' ? '全社会' : item.audience.description) : '未明确',
    ],
    ['层级', item.levels.map((l) => LEVEL_LABELS[l]).join('、')],
  ]
  return (
    <View className="cw-sedit__guide">
      <Text className="cw-sedit__guide-title">{item.name}：要公开什么</Text>
      {lines.map(([label, text]) => (
        <Text key={label} className="cw-sedit__guide-line">
          {label}：{text}
        </Text>
      ))}
    </View>
  )
}

/** One question and its answer in the policy explanation (政策解读). */
export interface QaPair {
  q: string
  a: string
}

/** The Q&A of the policy explanation: edited in place (up to 10), or read only once submitted. */
export function QaEditor({
  qa,
  editable,
  onChange,
}: {
  qa: QaPair[]
  editable: boolean
  onChange: (qa: QaPair[]) => void
}) {
  return (
    <View>
      {qa.map((x, i) => (
        <View key={i} className="cw-sedit__qa">
          {editable ? (
            <View>
              <Input
                className="cw-input"
                value={x.q}
                placeholder="问题"
                onInput={(e) => onChange(qa.map((y, j) => (j === i ? { ...y, q: e.detail.value } : y)))}
              />
              <Input
                className="cw-input"
                value={x.a}
                placeholder="回答"
                onInput={(e) => onChange(qa.map((y, j) => (j === i ? { ...y, a: e.detail.value } : y)))}
              />
              <Button
                className="cw-btn cw-btn--danger"
                onClick={() => onChange(qa.filter((_, j) => j !== i))}
              >
                删除这条问答
              </Button>
            </View>
          ) : (
            <Text className="cw-sedit__value">
              问：{x.q} 答：{x.a}
            </Text>
          )}
        </View>
      ))}
      {editable && qa.length < 10 && (
        <Button
          className="cw-btn cw-btn--ghost cw-sedit__add-qa"
          onClick={() => onChange([...qa, { q: '', a: '' }])}
        >
          添加一条问答
        </Button>
      )}
    </View>
  )
}

/**
 * For a public version (published, or 公示期满) or a retracted one: open it as villagers see it, start a corrected
 * version with a note of what changed, or retract it with a reason (`retractable`: not a retracted one). What is
 * offered is what the BFF allows (`isCorrectableStatus`, `isRetractableStatus` of `@cunwu/domain`, docs/versions.md).
 * The page checks the texts and does the requests.
 */
export function PublishedActions({
  disclosureId,
  retractable,
  onNewVersion,
  onRetract,
}: {
  disclosureId: string
  retractable: boolean
  onNewVersion: (changeNote: string) => void
  onRetract: (reason: string) => void
}) {
  const [changeNote, setChangeNote] = useState('')
  const [reason, setReason] = useState('')
  return (
    <View className="cw-sedit__published">
      <Button
        className="cw-btn cw-btn--ghost"
        onClick={() => void Taro.navigateTo({ url: pageUrl(Routes.Disclosure, { id: disclosureId }) })}
      >
        查看村民看到的页面
      </Button>
      <Text className="cw-sedit__heading">发布更正版本</Text>
      <Text className="cw-sedit__meta">
        {retractable
          ? '已公开的内容不能直接改。写明更改了什么，再修改新版本并提交审核。'
          : '已撤回的内容可以更正后重新公开。写明更改了什么，再修改新版本并提交审核。'}
      </Text>
      <Input
        className="cw-input cw-sedit__change-note"
        value={changeNote}
        maxlength={oneLineMaxLength(DISCLOSURE_CHANGE_NOTE_MAX)}
        placeholder="例如：更正第 3 户保障金额"
        onInput={(e) => setChangeNote(e.detail.value)}
      />
      <TextCount
        text={changeNote}
        max={DISCLOSURE_CHANGE_NOTE_MAX}
        className="cw-sedit__count"
        onlyWhenOver
      />
      <Button className="cw-btn cw-sedit__new-version" onClick={() => onNewVersion(changeNote)}>
        建立更正版本
      </Button>
      {retractable && (
        <View>
          <Text className="cw-sedit__heading">撤回</Text>
          <Input
            className="cw-input cw-sedit__reason"
            value={reason}
            maxlength={oneLineMaxLength(DISCLOSURE_RETRACT_REASON_MAX)}
            placeholder="撤回原因，村民会看到"
            onInput={(e) => setReason(e.detail.value)}
          />
          <TextCount
            text={reason}
            max={DISCLOSURE_RETRACT_REASON_MAX}
            className="cw-sedit__count"
            onlyWhenOver
          />
          <Button className="cw-btn cw-btn--danger cw-sedit__retract" onClick={() => onRetract(reason)}>
            撤回这条公开
          </Button>
        </View>
      )}
    </View>
  )
}

/**
 * Rows whose name contradicts the village roster for their 户号 ("第3行：户号002在户籍名册上是李秀英，表中为黄春生"):
 * the secretary corrects them, or confirms the table is right (the roster not yet updated) before submitting.
 */
export function RosterMismatches({
  lines,
  confirmed,
  onToggle,
}: {
  lines: string[]
  confirmed: boolean
  onToggle: () => void
}) {
  return (
    <View className="cw-sedit__roster" role="alert">
      <Text className="cw-sedit__heading">这些行的姓名与户籍名册不一致</Text>
      {lines.map((m) => (
        <Text key={m} className="cw-sedit__roster-line">
          {m}
        </Text>
      ))}
      <Text className="cw-sedit__meta">
        请改正后保存；如果表格是对的（名册还没更新），点下面的按钮确认后再提交。
      </Text>
      <Button
        className={`cw-btn cw-btn--ghost cw-sedit__roster-confirm${confirmed ? ' cw-sedit__roster-confirm--on' : ''}`}
        onClick={onToggle}
      >
        {confirmed ? '已确认按表格提交（点此取消）' : '我已核对，按表格提交'}
      </Button>
    </View>
  )
}

/**
 * For a list with no rows: the secretary confirms that this period has none (本月没有支出), which is what is then
 * published (共 0 条); without it the server refuses an empty list.
 */
export function EmptyListConfirm({ confirmed, onToggle }: { confirmed: boolean; onToggle: () => void }) {
  return (
    <View className="cw-sedit__roster cw-sedit__empty-list">
      <Text className="cw-sedit__meta">
        表格还是空的。本期确实没有的（例如本月没有支出），点下面的按钮确认，并在正文里写明，例如“本月无支出”。
      </Text>
      <Button
        className={`cw-btn cw-btn--ghost cw-sedit__empty-confirm${confirmed ? ' cw-sedit__roster-confirm--on' : ''}`}
        aria-pressed={confirmed}
        onClick={onToggle}
      >
        {confirmed ? '已确认本期为空（点此取消）' : '本期确实没有，确认后提交'}
      </Button>
    </View>
  )
}
