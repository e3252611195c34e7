import { useState } from 'react'
import { Text } from '@tarojs/components'
import Taro, { useLoad, useRouter } from '@tarojs/taro'
import {
  DISCLOSURE_BODY_MAX,
  DISCLOSURE_CHANGE_NOTE_MAX,
  DISCLOSURE_RETRACT_REASON_MAX,
  DISCLOSURE_TITLE_MAX,
  ErrorCode,
  FIGURE_NAME_MAX,
  type CatalogItem,
  type DisclosureDto,
} from '@cunwu/domain'
import { EmptyBox, ErrorBox } from '@/components/page-state'
import { clearKeptDraft } from '@/hooks/use-kept-draft'
import { useLoader } from '@/hooks/use-loader'
import { useLostAnswers, type Outcome } from '@/hooks/use-lost-answers'
import { getVillageCatalog } from '@/services/api/catalog'
import { useIdempotencyKey } from '@/hooks/use-submit-once'
import { deleteAttachment, retractDisclosure, startNewVersion } from '@/services/api/disclosure-drafts'
import { getDisclosure } from '@/services/api/disclosures'
import { getMe } from '@/services/api/me'
import { ApiError } from '@/services/request'
import { Routes, pageUrl, readQueryParam } from '@/routes'
import { errorText } from '@/utils/errors'
import { firstTooLong } from '@/components/text-count'
import { FiguresEditor } from '../components/figures-editor'
import { secretaryGrant } from '../village'
import { actingGrant, InPlaceNote, type ActingGrant } from '../merged'
import { pickAndUploadAttachment } from './attach'
import { AttachmentList } from './attachments'
import { showDraftInUrl } from './draft-url'
import { EditorFeedback } from './feedback'
import { ALREADY_SUBMITTED, submitForReview } from './submit'
import { ALREADY_SAVED, saveDraft } from './save'
import { createDraft } from './create'
import { afterOwnFileChange } from './own-write'
import { keptKeyOf, openWithKeptText, useKeptEditorText } from './kept-text'
import { fieldsOf, formOf, savedFields, type Form } from './form'
import { EmptyListConfirm, QaEditor, RosterMismatches } from './parts'
import { TextFields } from './text-fields'
import { EditorHeading, PeriodField } from './heading'
import { TableSection } from './table-section'
import { ClosingActions } from './closing-actions'
import { useEditorAct } from './use-editor-act'
import { PageRoot } from '@/components/page-root'
import { LoadStateBox } from '@/components/load-error'
import './index.scss'

interface Loaded {
  grant: ActingGrant
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
  // A period a village merged into this one still owes, published in its place, names that village (../merged).
  const villageParam = readQueryParam(params.village)
  const page = useLoader<Loaded | null>()
  const [form, setForm] = useState<Form | null>(null)
  const lost = useLostAnswers()
  // A new draft's create: one key per text, so a retry after a lost answer makes no second draft (create.ts).
  const idempotency = useIdempotencyKey()
  const {
    act,
    busy,
    error,
    setError,
    notice,
    setNotice,
    existingId,
    stale,
    setStale,
    rowErrors,
    setRowErrors,
  } = useEditorAct()
  // The secretary checked the rows that contradict the roster and submits them as they are (roster), or confirmed
  // that the list of this period has no rows (noRows: 本月没有支出).
  const [confirmed, setConfirmed] = useState({ roster: false, noRows: false })

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
      const acting = await actingGrant(grant, disclosure?.regionCode ?? villageParam)
      // Text typed before a reload or 返回 and not saved is put back (kept-text.ts), for the village acted for.
      const opened = openWithKeptText(
        acting.regionCode,
        item,
        disclosure,
        formOf(item, disclosure, periodParam, acting.retiredOn),
      )
      setForm(opened.form)
      setNotice(opened.notice)
      return { grant: acting, item, disclosure: opened.disclosure }
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

  const fields = () => fieldsOf(form, d)
  const payload = () => ({ ...fields(), rows: item.table && form.rows.length > 0 ? form.rows : null })

  /** Shows a draft just made: on screen, and in the address, so a reload reopens it and saving again updates it. */
  const created = async (saved: DisclosureDto) => {
    setDisclosure(saved)
    await showDraftInUrl(saved.id, '草稿已保存')
  }

  // A save or create whose answer was lost is found done when tapped again (save.ts, create.ts): `already`.
  /** Refuses, before sending, a text longer than the server takes (counted as it counts: components/text-count). */
  const refuseTooLong = (fields: Parameters<typeof firstTooLong>[0]) => {
    const said = firstTooLong(fields)
    if (said) throw new ApiError(400, ErrorCode.ValidationError, said)
  }
  const save = async (): Promise<Outcome<DisclosureDto, DisclosureDto>> => {
    refuseTooLong([
      ['标题', form.title, DISCLOSURE_TITLE_MAX],
      ['正文', form.body, DISCLOSURE_BODY_MAX],
      ...form.figures.map((f, i): [string, string, number] => [
        `第${i + 1}个数额的名称`,
        f.name,
        FIGURE_NAME_MAX,
      ]),
    ])
    const outcome = d
      ? await saveDraft(lost, d, savedFields(payload(), d))
      : await createDraft(lost, grant.regionCode, newDraft(), idempotency.keyFor(newDraft()))
    const saved = outcome.value
    setRowErrors([])
    clearKeptDraft(keptKeyOf(grant.regionCode, item, d, form.period))
    if (d) setDisclosure(saved)
    else {
      idempotency.done()
      await created(saved)
    }
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
        clearKeptDraft(keptKeyOf(grant.regionCode, item, sent.value, form.period))
      }
      setNotice(sent.already ? ALREADY_SUBMITTED : '已提交乡镇审核')
    })

  const handleNewVersion = (changeNote: string) =>
    act('正在建立新版本…', async () => {
      if (!d) return
      if (changeNote.trim().length < 2) throw new ApiError(400, ErrorCode.ValidationError, '请说明更改了什么')
      refuseTooLong([['更改说明', changeNote, DISCLOSURE_CHANGE_NOTE_MAX]])
      const draft = await startNewVersion(d.id, changeNote.trim())
      await Taro.redirectTo({ url: pageUrl(Routes.SecretaryDisclosureEdit, { id: draft.id }) })
    })

  const handleRetract = (reason: string) =>
    act('正在撤回…', async () => {
      if (!d) return
      if (reason.trim().length < 2) throw new ApiError(400, ErrorCode.ValidationError, '请写明撤回原因')
      refuseTooLong([['撤回原因', reason, DISCLOSURE_RETRACT_REASON_MAX]])
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
        clearKeptDraft(keptKeyOf(grant.regionCode, item, d, form.period))
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
  const table = item.table ? { ...item, table: item.table } : null

  return (
    <PageRoot className="cw-sedit">
      <EditorHeading item={item} d={d} />
      <InPlaceNote grant={grant} />
      <PeriodField grant={grant} item={item} d={d} form={form} onChange={update} />

      <TextFields form={form} editable={editable} generated={generated} onChange={update} />

      <Text className="cw-sedit__label">政策解读（问答）</Text>
      <QaEditor qa={form.qa} editable={editable} onChange={(qa) => update({ qa })} />

      <Text className="cw-sedit__label">公开的标准数额</Text>
      <FiguresEditor rows={form.figures} readOnly={!editable} onChange={(figures) => update({ figures })} />

      {table && (
        <TableSection
          item={table}
          d={d}
          regionCode={grant.regionCode}
          form={form}
          rowErrors={rowErrors}
          editable={editable}
          generated={generated}
          onRows={(rows) => update({ rows })}
          onApplied={(draft) => {
            update({ rows: draft.table?.rows ?? [] })
            setRowErrors([])
            setNotice(`已导入 ${draft.table?.rowCount ?? 0} 行`)
            if (d) setDisclosure(draft)
            else void created(draft)
          }}
          onImportRefused={staleImport}
        />
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
      <ClosingActions
        d={d}
        editable={editable}
        busy={busy}
        onSave={() => void handleSave()}
        onSubmit={() => void handleSubmit()}
        onNewVersion={(note) => void handleNewVersion(note)}
        onRetract={(why) => void handleRetract(why)}
      />
    </PageRoot>
  )
}
