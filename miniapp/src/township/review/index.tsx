import { useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { ErrorCode, REVIEW_QUEUE_NAME_MAX, type DisclosureDto } from '@cunwu/domain'
import { DecisionActions } from '@/components/decision-actions'
import { oneLineMaxLength } from '@/components/text-count'
import { EmptyBox, ErrorBox, LoadingBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { useLostAnswers } from '@/hooks/use-lost-answers'
import { useSubmitOnce } from '@/hooks/use-submit-once'
import {
  REVIEW_PAGE,
  getReviewQueue,
  getReviewQueueFirst,
  reviewDisclosure,
} from '@/services/api/disclosure-drafts'
import { getDisclosure } from '@/services/api/disclosures'
import { getMe } from '@/services/api/me'
import { ApiError } from '@/services/request'
import { Routes, pageUrl, readQueryParam } from '@/routes'
import { ACTED_MEANWHILE, actedMeanwhile } from '@/utils/acted-meanwhile'
import { errorText } from '@/utils/errors'
import { formatDateTime } from '@/utils/format'
import { periodLabel } from '@/utils/period'
import { PageRoot } from '@/components/page-root'
import { LoadErrorBox } from '@/components/load-error'
import './index.scss'

interface Queue {
  regionCode: string
  regionName: string
  items: DisclosureDto[]
  /** Drafts pending in all (of the villages named like `villageName`), as the BFF last counted them. */
  total: number
  /** Drafts after the last one shown, as the BFF last counted them. */
  remaining: number
  /** The BFF's cursor for the last draft it gave (the next page is asked for after it); null when all are shown. */
  nextAfter: string | null
  /** Part of a village's name the queue is narrowed to ('' for all the villages). */
  villageName: string
}

/** 共 N 份待审核, and how many are shown when not all are. */
function countText(q: Queue): string {
  const shown = q.remaining > 0 ? `，已显示 ${q.items.length} 份` : ''
  const scope = q.villageName ? `村名含“${q.villageName}”的村` : ''
  return `${scope}共 ${q.total} 份待审核${shown}`
}

/** Said under a draft the village changed after this page loaded it; the queue is then read again. */
const CHANGED_SINCE_SEEN = '这条内容在您打开后村里又改过，没有审核。下面已换成最新内容，请看过后再审核'

/**
 * Whose disclosure it is: the village's name, and for one drafted in the place of a retired village by the village
 * it merged into (or the township or county above it; docs/catalog.md "A retired village") who did so:
 * 枫林村委会（已撤并，云溪村委会代为公开）.
 */
function villageOf(d: DisclosureDto): string {
  const name = d.regionName ?? d.regionCode
  return d.successor ? `${name}（已撤并，${d.successor.name}代为公开）` : name
}

/**
 * The township's (or county's) review queue: open each draft, approve it, or return it with a comment. Oldest
 * submitted first, REVIEW_PAGE at a time (再显示 N 份), with how many are pending (共 N 份待审核, kept right as the
 * officer decides); typing part of a village's name narrows it to those villages.
 */
export default function ReviewPage() {
  const region = readQueryParam(useRouter().params.region)
  const queue = useLoader<Queue | null>()
  const [busyId, setBusyId] = useState<string | null>(null)
  const { once } = useSubmitOnce()
  const { busy: fetchingMore, once: onceMore } = useSubmitOnce()
  const [more, setMore] = useState<string | null>(null)
  const [typed, setTyped] = useState('')
  const lost = useLostAnswers()
  const [actionError, setActionError] = useState<{ id: string; message: string } | null>(null)
  const [notice, setNotice] = useState<string | null>(null)

  const load = (villageName = queue.state.kind === 'ready' ? (queue.state.data?.villageName ?? '') : '') =>
    queue.run(async () => {
      const me = await getMe()
      const grant =
        me.roles.find((r) => r.regionCode === region && (r.role === 'township' || r.role === 'county')) ??
        (me.activeRole?.role === 'township' || me.activeRole?.role === 'county' ? me.activeRole : undefined)
      if (!grant) return null
      const { disclosures, page } = await getReviewQueue(grant.regionCode, { villageName })
      return {
        regionCode: grant.regionCode,
        regionName: grant.regionName ?? grant.regionCode,
        items: disclosures,
        total: page.total,
        remaining: page.remaining,
        nextAfter: page.nextAfter,
        villageName,
      }
    })
  useDidShow(() => {
    void load()
  })

  const find = (text: string) => {
    setMore(null)
    setNotice(null)
    void load(text.trim())
  }

  // The next page, after the last draft the BFF gave: drafts decided or submitted meanwhile move no other draft. The
  // BFF's counts say how many drafts up to this page are pending (total - remaining); when the page shows more, a
  // colleague decided some it shows, and those are read again so that what is shown is what can be decided.
  const loadMore = onceMore(async (shown: Queue) => {
    if (shown.nextAfter === null) return
    setMore('正在读取…')
    try {
      const { disclosures, page } = await getReviewQueue(shown.regionCode, {
        after: shown.nextAfter,
        villageName: shown.villageName,
      })
      let items = [...shown.items, ...disclosures]
      let counted = page
      const pending = page.total - page.remaining
      if (items.length !== pending) {
        const now = await getReviewQueueFirst(shown.regionCode, pending, shown.villageName)
        const gone = items.filter((d) => !now.disclosures.some((x) => x.id === d.id)).length
        items = now.disclosures
        counted = now.page
        if (gone > 0) setNotice(`有 ${gone} 份刚刚已有人审核过，已从列表中去掉`)
      }
      queue.set({
        ...shown,
        items,
        total: counted.total,
        remaining: counted.remaining,
        nextAfter: counted.nextAfter,
      })
      setMore(null)
    } catch (err) {
      setMore(errorText(err))
    }
  })

  const decide = once(async (d: DisclosureDto, approve: boolean, comment: string = '') => {
    if (queue.state.kind !== 'ready' || !queue.state.data) return
    const current = queue.state.data
    if (!approve && comment.trim() === '') {
      setActionError({ id: d.id, message: '请写明退回原因，村里会看到' })
      return
    }
    setBusyId(d.id)
    setActionError(null)
    // The draft as this page shows it: one the village changed since is refused (409), not decided unseen.
    const revision = d.revision ?? 0
    try {
      // An earlier tap whose answer was lost may have done it: the retry's 409 then reads the draft again.
      const outcome = await lost.run(
        `${approve ? 'approve' : 'return'}:${d.id}`,
        () =>
          reviewDisclosure(
            d.id,
            approve
              ? { decision: 'approve', revision }
              : { decision: 'return', comment: comment.trim(), revision },
          ),
        async () => {
          const now = await getDisclosure(d.id)
          return (
            approve ? now.status !== 'pending_review' && now.status !== 'draft' : now.status === 'draft'
          )
            ? now
            : null
        },
      )
      // Out of the queue: one fewer pending; the next page still starts after the same draft.
      queue.set({
        ...current,
        items: current.items.filter((x) => x.id !== d.id),
        total: Math.max(0, current.total - 1),
      })
      // Named as the BFF answered it: what was published, not what the card showed.
      const done = approve ? `已通过并公开：${outcome.value.title}` : `已退回：${outcome.value.title}`
      setNotice(outcome.already ? `${done}（刚才那次已经办成，只是网络慢，回复晚到了）` : done)
    } catch (err) {
      if (err instanceof ApiError && err.code === ErrorCode.DisclosureStale) {
        setActionError({ id: d.id, message: CHANGED_SINCE_SEEN })
        void load()
        return
      }
      if (actedMeanwhile(err)) {
        // A colleague approved or returned it first: the queue as it is now, with one line saying so (D9).
        setNotice(ACTED_MEANWHILE)
        void load()
        return
      }
      setActionError({ id: d.id, message: errorText(err) })
    } finally {
      setBusyId(null)
    }
  })

  const state = queue.state
  return (
    <PageRoot className="cw-review">
      <Text className="cw-review__title">审核村务公开</Text>
      {notice && (
        <View className="cw-review__notice" role="status">
          {notice}
        </View>
      )}
      {(state.kind === 'loading' || state.kind === 'idle') && <LoadingBox />}
      {state.kind === 'error' && <LoadErrorBox error={state.error} onRetry={() => void load()} />}
      {state.kind === 'ready' && !state.data && <EmptyBox text="您不是乡镇或县级工作人员，不能审核" />}
      {state.kind === 'ready' && state.data && (
        <View>
          <Text className="cw-review__region">{state.data.regionName}</Text>
          <View className="cw-review__find">
            <Input
              className="cw-input cw-review__village"
              value={typed}
              placeholder="输入村名查找，例如：枫林"
              maxlength={oneLineMaxLength(REVIEW_QUEUE_NAME_MAX)}
              onInput={(e) => setTyped(e.detail.value)}
              onConfirm={() => find(typed)}
            />
            <Button className="cw-btn cw-review__search" onClick={() => find(typed)}>
              查找
            </Button>
            {state.data.villageName && (
              <Button
                className="cw-btn cw-btn--ghost cw-review__all"
                onClick={() => {
                  setTyped('')
                  find('')
                }}
              >
                显示全部
              </Button>
            )}
          </View>
          <Text className="cw-review__meta cw-review__count">{countText(state.data)}</Text>
          {state.data.items.length === 0 && (
            <EmptyBox
              text={
                state.data.villageName
                  ? `村名含“${state.data.villageName}”的村没有等待审核的公开内容`
                  : '没有等待审核的公开内容'
              }
            />
          )}
          {state.data.items.map((d) => (
            <View key={d.id} className="cw-review__item" data-id={d.id}>
              <Text className="cw-review__name">{d.title}</Text>
              <Text className="cw-review__meta">
                {villageOf(d)} · {d.catalogItemName} · {periodLabel(d.period)} · 第{d.version}版
              </Text>
              {d.changeNote && <Text className="cw-review__meta">更改说明：{d.changeNote}</Text>}
              {d.publishedAt && <Text className="cw-review__meta">{formatDateTime(d.publishedAt)}</Text>}
              <Button
                className="cw-btn cw-btn--ghost cw-review__open"
                onClick={() => void Taro.navigateTo({ url: pageUrl(Routes.Disclosure, { id: d.id }) })}
              >
                查看全部内容
              </Button>
              {actionError?.id === d.id && <ErrorBox title="没有办成" message={actionError.message} />}
              <DecisionActions
                approveText="通过并公开"
                rejectText="退回修改"
                confirmRejectText="确定退回"
                reasonLabel="退回原因"
                reasonPlaceholder="例如：第 3 户金额与审批表不一致"
                reasonMaxLength={500}
                busy={busyId === d.id}
                onApprove={() => void decide(d, true)}
                onReject={(why) => void decide(d, false, why)}
                onStartReject={() => setActionError(null)}
              />
            </View>
          ))}
          {state.data.nextAfter !== null && (
            <Button
              className="cw-btn cw-btn--ghost cw-review__more"
              disabled={fetchingMore || undefined}
              onClick={() => state.data && void loadMore(state.data)}
            >
              再显示 {Math.min(REVIEW_PAGE, state.data.remaining)} 份
            </Button>
          )}
          {more && <Text className="cw-review__notice">{more}</Text>}
        </View>
      )}
    </PageRoot>
  )
}
