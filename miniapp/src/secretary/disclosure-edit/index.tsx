import { useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro, { useLoad, useRouter } from '@tarojs/taro'
import {
  DISCLOSURE_STATUS_LABELS,
  ErrorCode,
  isCorrectableStatus,
  isRetractableStatus,
  type CatalogItem,
  type DisclosureDto,
  type RoleGrantDto,
} from '@cunwu/domain'
import { ChoiceChips } from '@/components/choice-chips'
import { DisclosureTable } from '@/components/disclosure-table'
import { EmptyBox, ErrorBox } from '@/components/page-state'
import { TableImport } from '@/components/table-import'
import { clearKeptDraft } from '@/hooks/use-kept-draft'
import { useLoader } from '@/hooks/use-loader'
import { useLostAnswers, type Outcome } from '@/hooks/use-lost-answers'
import { useSubmitOnce } from '@/hooks/use-submit-once'
import { getVillageCatalog } from '@/services/api/catalog'
import {
  createDisclosure,
  deleteAttachment,
  retractDisclosure,
  startNewVersion,
} from '@/services/api/disclosure-drafts'
import { getDisclosure } from '@/services/api/disclosures'
import { getMe } from '@/services/api/me'
import { applyTableImport, startTableImport } from '@/services/api/table-imports'
import { ApiError } from '@/services/request'
import { Routes, pageUrl, readQueryParam } from '@/routes'
import { errorText } from '@/utils/errors'
import { periodLabel } from '@/utils/period'
import { BroadcastDownload } from '../components/broadcast-download'
import { FiguresEditor } from '../components/figures-editor'
import { existingDisclosureOf, rowErrorsOf, type RowError } from '../components/row-errors'
import { TableEditor } from '../components/table-editor'
import { secretaryGrant } from '../village'
import { pickAndUploadAttachment } from './attach'
import { AttachmentList } from './attachments'
import { showDraftInUrl } from './draft-url'
import { EditorFeedback } from './feedback'
import { ALREADY_SUBMITTED, submitForReview } from './submit'
import { ALREADY_SAVED, saveDraft } from './save'
import { afterOwnFileChange } from './own-write'
import { keptKeyOf, openWithKeptText, useKeptEditorText } from './kept-text'
import { fieldsOf, formOf, periodChoices, publicPreview, revisionOf, savedFields, type Form } from './form'
import { EmptyListConfirm, Guidance, PublishedActions, QaEditor, RosterMismatches } from './parts'
import { TextFields } from './text-fields'
import { PageRoot } from '@/components/page-root'
import { LoadStateBox } from '@/components/load-error'
import './index.scss'

interface Loaded {
  grant: RoleGrantDto
  item: CatalogItem
  disclosure: DisclosureDto | null
}

/**
 * Create or edit a village disclosure: guidance from the catalog item, period by cadence, text, Q&A, the table
 * (by hand or from Excel/CSV) with a preview as villagers will see it, attachments, submit for review; for a
 * published one (or one 公示期满): a corrected version with a change note, or retract with a reason; for a retracted
 * one, a corrected version.
 */
export default function DisclosureEditPage() {
  const { params } = useRouter()
  const id = readQueryParam(params.id)
  const itemId = readQueryParam(params.itemId)
  // An overdue item opened from the schedule names its period.
  const periodParam = readQueryParam(params.period)
  const page = useLoader<Loaded | null>()
  const [form, setForm] = useState<Form | null>(null)
  const [rowErrors, setRowErrors] = useState<RowError[]>([])
  const [busy, setBusy] = useState<string | null>(null)
  const { once } = useSubmitOnce()
  const lost = useLostAnswers()
  const [error, setError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  // The secretary checked the rows that contradict the roster and submits them as they are (roster), or confirmed
  // that the list of this period has no rows (noRows: 本月没有支出).
  const [confirmed, setConfirmed] = useState({ roster: false, noRows: false })
  // The disclosure that already exists for this item and period (a 新建 form opened twice), to open instead.
  const [existingId, setExistingId] = useState<string | null>(null)
  // Someone else saved the draft since this copy was read (409 disclosure_stale): offer to load theirs.
  const [stale, setStale] = useState(false)

  const load = () =>
    page.run(async () => {
      const grant = secretaryGrant(await getMe())
      if (!grant) return null
      const [catalog, disclosure] = await Promise.all([
        getVillageCatalog(grant.regionCode),
        id ? getDisclosure(id) : Promise.resolve(null),
      ])
      const item = catalog.items.find((i) => i.id === (disclosure?.catalogItemId ?? itemId))
      if (!item) throw new ApiError(404, ErrorCode.NotFound, '没有找到这个公开事项')
      // Text typed before a reload or 返回 and not saved is put back (kept-text.ts).
      const opened = openWithKeptText(item, disclosure, formOf(item, disclosure, periodParam))
      setForm(opened.form)
      setNotice(opened.notice)
      return { grant, item, disclosure: opened.disclosure }
    })
  useLoad(() => {
    void load()
  })

  const state = page.state
  useKeptEditorText(state.kind === 'ready' ? state.data : null, form)
  if (state.kind !== 'ready')
    return (
      <PageRoot>
        <LoadStateBox state={state} onRetry={() => void load()} />
      </PageRoot>
    )
  if (!state.data || !form)
    return (
      <PageRoot>
        <EmptyBox text="您不是村务管理员，不能编辑公开内容" />
      </PageRoot>
    )
  const { grant, item, disclosure: d } = state.data
  const editable = d === null || d.status === 'draft'
  // A decision's 决议公开: its title, text and table are the meeting's record, shown as they are.
  const generated = d?.generatedFromDecision === true
  const setDisclosure = (next: DisclosureDto) => page.set({ ...state.data, grant, item, disclosure: next })

  const act = once(async (label: string, action: () => Promise<void>) => {
    setBusy(label)
    setError(null)
    setNotice(null)
    setExistingId(null)
    setStale(false)
    try {
      await action()
    } catch (err) {
      setRowErrors(rowErrorsOf(err))
      setExistingId(existingDisclosureOf(err))
      setStale(err instanceof ApiError && err.code === ErrorCode.DisclosureStale)
      setError(errorText(err))
    } finally {
      setBusy(null)
    }
  })

  const fields = () => fieldsOf(form, d)
  const payload = () => ({ ...fields(), rows: item.table && form.rows.length > 0 ? form.rows : null })

  /** Shows a draft just made: on screen, and in the address, so a reload reopens it and saving again updates it. */
  const created = async (saved: DisclosureDto) => {
    setDisclosure(saved)
    await showDraftInUrl(saved.id, '草稿已保存')
  }

  // A save whose answer was lost is found done when tapped again (save.ts): `already`.
  const save = async (): Promise<Outcome<DisclosureDto, DisclosureDto>> => {
    const outcome = d
      ? await saveDraft(lost, d, savedFields(payload(), d))
      : { already: false as const, value: await createDisclosure(grant.regionCode, newDraft()) }
    const saved = outcome.value
    setRowErrors([])
    clearKeptDraft(keptKeyOf(item, d, form.period))
    if (d) setDisclosure(saved)
    else await created(saved)
    return outcome
  }
  const newDraft = () => ({ catalogItemId: item.id, period: form.period, ...payload() })

  const handleSave = () =>
    act('正在保存…', async () => setNotice((await save()).already ? ALREADY_SAVED : '草稿已保存'))

  const handleSubmit = () =>
    act('正在提交…', async () => {
      const sent = await submitForReview(lost, d, save, confirmed)
      setDisclosure(sent.value)
      // Sent by the tap whose answer was lost: the page shows what was sent, not what is typed now.
      if (sent.already) {
        setForm(formOf(item, sent.value))
        clearKeptDraft(keptKeyOf(item, sent.value, form.period))
      }
      setNotice(sent.already ? ALREADY_SUBMITTED : '已提交乡镇审核')
    })

  const handleNewVersion = (changeNote: string) =>
    act('正在建立新版本…', async () => {
      if (!d) return
      if (changeNote.trim().length < 2) throw new ApiError(400, ErrorCode.ValidationError, '请说明更改了什么')
      const draft = await startNewVersion(d.id, changeNote.trim())
      await Taro.redirectTo({ url: pageUrl(Routes.SecretaryDisclosureEdit, { id: draft.id }) })
    })

  const handleRetract = (reason: string) =>
    act('正在撤回…', async () => {
      if (!d) return
      if (reason.trim().length < 2) throw new ApiError(400, ErrorCode.ValidationError, '请写明撤回原因')
      setDisclosure(await retractDisclosure(d.id, reason.trim()))
      setNotice('已撤回')
    })

  /** After the page's own file change: the draft read again, or what it was with the stale warning (own-write.ts). */
  const reread = async (seen: DisclosureDto, done: string) => {
    const { disclosure, stale: moved } = afterOwnFileChange(seen, await getDisclosure(seen.id))
    setDisclosure(disclosure)
    setNotice(moved ? `${done}。别人刚刚也改过这条内容，请先载入最新内容再修改` : done)
    setStale(moved)
  }

  const handleAttach = () =>
    act('正在上传附件…', async () => {
      if (d && (await pickAndUploadAttachment(d.id, d.revision))) await reread(d, '附件已添加')
    })

  // An import into a draft someone else saved since is refused (409): the same warning as a save, 载入最新内容.
  const staleImport = (err: unknown): never => {
    if (err instanceof ApiError && err.code === ErrorCode.DisclosureStale) {
      setStale(true)
      setError(errorText(err))
    }
    throw err
  }

  const update = (patch: Partial<Form>) => setForm({ ...form, ...patch })
  // Shown just above the buttons: every action that reports here is started from the bottom of the page.
  const feedback = (
    <EditorFeedback
      notice={notice}
      error={error}
      existingId={existingId}
      stale={stale}
      busy={busy}
      onReload={() => {
        setStale(false)
        setError(null)
        clearKeptDraft(keptKeyOf(item, d, form.period))
        void load()
      }}
    />
  )
  if (d && d.regionCode !== grant.regionCode) {
    return (
      <PageRoot className="cw-sedit cw-sedit__forbidden">
        <ErrorBox title="无权修改" message="这是别的村的公开内容，您无权修改。" />
      </PageRoot>
    )
  }
  const preview = item.table && form.rows.length > 0 ? publicPreview(item.table, form.rows) : null

  return (
    <PageRoot className="cw-sedit">
      <Text className="cw-sedit__title">{d ? d.title : `新建：${item.name}`}</Text>
      {d && (
        <Text className={`cw-sedit__status cw-sedit__status--${d.status}`}>
          {DISCLOSURE_STATUS_LABELS[d.status]} · 第{d.version}版
        </Text>
      )}
      {d?.reviewComment && d.status === 'draft' && (
        <Text className="cw-sedit__review-comment">
          {d.reviewOffice ?? '审核人'}退回意见：{d.reviewComment}
        </Text>
      )}
      {d?.changeNote && <Text className="cw-sedit__meta">更改说明：{d.changeNote}</Text>}
      <Guidance item={item} />

      <Text className="cw-sedit__label">期次</Text>
      {d ? (
        <Text className="cw-sedit__value">{periodLabel(d.period)}</Text>
      ) : (
        <ChoiceChips
          label="期次"
          value={form.period}
          choices={periodChoices(item, form.period).map((p) => ({ value: p.key, words: p.label }))}
          onChange={(period) => {
            // What was kept for the period left goes with the text to the one chosen.
            clearKeptDraft(keptKeyOf(item, null, form.period))
            update({ period, title: `${periodLabel(period)}${item.name}` })
          }}
          className="cw-sedit__periods"
          optionClassName="cw-sedit__period"
          checkedClassName="cw-sedit__period--on"
        />
      )}

      <TextFields form={form} editable={editable} generated={generated} onChange={update} />

      <Text className="cw-sedit__label">政策解读（问答）</Text>
      <QaEditor qa={form.qa} editable={editable} onChange={(qa) => update({ qa })} />

      <Text className="cw-sedit__label">公开的标准数额</Text>
      <FiguresEditor rows={form.figures} readOnly={!editable} onChange={(figures) => update({ figures })} />

      {item.table && (
        <View className="cw-sedit__table">
          <Text className="cw-sedit__heading">{item.table.title}</Text>
          {editable && !generated && (
            // Without a saved draft the import creates one with the form's period and title.
            <TableImport
              schema={item.table}
              start={(file) => startTableImport(grant.regionCode, item.id, file)}
              apply={(importId) =>
                applyTableImport(
                  importId,
                  d
                    ? { disclosureId: d.id, ...revisionOf(d) }
                    : { draft: { period: form.period, ...fields() } },
                ).catch(staleImport)
              }
              onApplied={(draft) => {
                update({ rows: draft.table?.rows ?? [] })
                setRowErrors([])
                setNotice(`已导入 ${draft.table?.rowCount ?? 0} 行`)
                if (d) setDisclosure(draft)
                else void created(draft)
              }}
            />
          )}
          <TableEditor
            schema={item.table}
            rows={form.rows}
            errors={rowErrors}
            readOnly={!editable || generated}
            onChange={(rows) => update({ rows })}
          />
          {preview && (
            <View className="cw-sedit__preview">
              <Text className="cw-sedit__heading">村民看到的样子</Text>
              <Text className="cw-sedit__meta">不公开的列（身份证号、户号、银行卡号、电话等）不会显示。</Text>
              <DisclosureTable table={preview} maxRows={30} />
            </View>
          )}
        </View>
      )}

      {d && (
        <AttachmentList
          disclosure={d}
          editable={editable}
          onDelete={(fileId) =>
            void act('正在删除附件…', async () => {
              await deleteAttachment(d.id, fileId, d.revision)
              await reread(d, '附件已删除')
            })
          }
          onAttach={() => void handleAttach()}
          onWithdrawn={() => void act('正在刷新…', async () => setDisclosure(await getDisclosure(d.id)))}
        />
      )}

      {editable && d?.rosterMismatches && d.rosterMismatches.length > 0 && (
        <RosterMismatches
          lines={d.rosterMismatches}
          confirmed={confirmed.roster}
          onToggle={() => setConfirmed({ ...confirmed, roster: !confirmed.roster })}
        />
      )}
      {editable && item.table && form.rows.length === 0 && (
        <EmptyListConfirm
          confirmed={confirmed.noRows}
          onToggle={() => setConfirmed({ ...confirmed, noRows: !confirmed.noRows })}
        />
      )}
      {feedback}
      {editable && (
        <View className="cw-sedit__actions">
          <Button
            className={`cw-btn cw-btn--ghost cw-sedit__save${busy ? ' cw-btn--busy' : ''}`}
            {...(busy ? { disabled: true } : {})}
            onClick={() => void handleSave()}
          >
            保存草稿
          </Button>
          <Button
            className={`cw-btn cw-sedit__submit${busy ? ' cw-btn--busy' : ''}`}
            {...(busy ? { disabled: true } : {})}
            onClick={() => void handleSubmit()}
          >
            提交乡镇审核
          </Button>
        </View>
      )}
      {d?.status === 'pending_review' && <Text className="cw-sedit__meta">已提交，等待乡镇审核。</Text>}

      {d && isCorrectableStatus(d.status) && (
        <PublishedActions
          disclosureId={d.id}
          retractable={isRetractableStatus(d.status)}
          onNewVersion={(note) => void handleNewVersion(note)}
          onRetract={(why) => void handleRetract(why)}
        />
      )}
      {d?.status === 'published' && <BroadcastDownload disclosureId={d.id} title={d.title} />}
    </PageRoot>
  )
}
