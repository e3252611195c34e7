import { useState } from 'react'
import { Button, Text, Textarea, View } from '@tarojs/components'
import { useLoad, useRouter } from '@tarojs/taro'
import {
  ALIGNMENT_COMMENT_MAX,
  ErrorCode,
  type AlignmentDto,
  type AlignmentVerifyReq,
  type MeDto,
} from '@cunwu/domain'
import { AlignmentView } from '@/components/alignment'
import { useLoader } from '@/hooks/use-loader'
import { useLostAnswers } from '@/hooks/use-lost-answers'
import { useSubmitOnce } from '@/hooks/use-submit-once'
import { getAlignment, verifyAlignment } from '@/services/api/alignments'
import { getMe } from '@/services/api/me'
import { ApiError } from '@/services/request'
import { readQueryParam } from '@/routes'
import { errorText, MissingLinkPartError } from '@/utils/errors'
import { PageRoot } from '@/components/page-root'
import { LoadStateBox } from '@/components/load-error'
import { NO_CUT, TextCount, tooLongText } from '@/components/text-count'
import './index.scss'

interface Loaded {
  alignment: AlignmentDto
  /** Township or county staff may verify; secretaries only read. */
  mayVerify: boolean
  /** The officer's name as the BFF writes it on what they did (`by`). */
  me: string
}

type Action = AlignmentVerifyReq['action']

const DONE_TEXT: Record<Action, string> = {
  confirm: '已确认一致',
  request_correction: '已要求村里更正，村里会收到通知',
  resolve: '已按理由处理',
}

function mayVerify(me: MeDto): boolean {
  const role = me.activeRole?.role
  return role === 'township' || role === 'county'
}

/**
 * Builds the verify request with what the officer saw, so a change on either side, or another officer's action
 * since the page loaded (the revision), is caught as stale.
 */
export function buildVerifyRequest(a: AlignmentDto, action: Action, text: string): AlignmentVerifyReq {
  const seen = {
    fingerprint: a.fingerprint ?? '',
    disclosureVersion: a.disclosure?.version ?? null,
    governmentVersion: a.government?.version ?? null,
    revision: a.revision,
  }
  if (action === 'confirm') return { action, ...seen, ...(text ? { comment: text } : {}) }
  if (action === 'request_correction') return { action, ...seen, comment: text }
  return { action, ...seen, reason: text }
}

/**
 * Whether `now` is what this officer's `action` with `text` leaves on the alignment `seen`: both sides as seen, and
 * the confirmation, resolution or correction theirs with their words. Read after a retry is refused as stale (409)
 * because an earlier tap's answer was lost: then that tap did it.
 */
export function showsOwnAction(
  seen: AlignmentDto,
  now: AlignmentDto,
  action: Action,
  text: string,
  me: string,
): boolean {
  const sidesSame =
    now.fingerprint === seen.fingerprint &&
    now.disclosure?.version === seen.disclosure?.version &&
    now.government?.version === seen.government?.version
  const done =
    action === 'request_correction'
      ? now.correction
      : now.verification?.action === (action === 'confirm' ? 'confirmed' : 'resolved')
        ? now.verification
        : null
  return sidesSame && done !== null && done.by === me && (done.text ?? '') === text
}

/** One alignment for staff: every discrepancy explained, and the township's confirm / correction / resolve. */
export default function StaffAlignmentPage() {
  const id = readQueryParam(useRouter().params.id)
  const page = useLoader<Loaded>()
  const [text, setText] = useState('')
  const { busy, once } = useSubmitOnce()
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null)
  const lost = useLostAnswers()

  const load = () =>
    page.run(async () => {
      if (!id) throw new MissingLinkPartError('id')
      const [alignment, me] = await Promise.all([getAlignment(id), getMe()])
      return { alignment, mayVerify: mayVerify(me), me: me.displayName }
    })
  useLoad(() => {
    void load()
  })

  const state = page.state
  if (state.kind !== 'ready')
    return (
      <PageRoot>
        <LoadStateBox state={state} onRetry={() => void load()} loadingText="正在读取对照结果…" />
      </PageRoot>
    )
  const { alignment: a } = state.data
  const show = (alignment: AlignmentDto) => page.set({ ...state.data, alignment })

  const act = once(async (action: Action) => {
    const trimmed = text.trim()
    if (action !== 'confirm' && trimmed.length < 2) {
      setNotice({ ok: false, text: action === 'resolve' ? '请写明处理理由' : '请写明需要更正的内容' })
      return
    }
    const tooLong = tooLongText(action === 'resolve' ? '处理理由' : '说明', trimmed, ALIGNMENT_COMMENT_MAX)
    if (tooLong) {
      setNotice({ ok: false, text: tooLong })
      return
    }
    setNotice(null)
    try {
      // An earlier tap whose answer was lost may have done it: the retry is refused as stale, and the alignment
      // read again shows this officer's own action (docs/miniapp.md, "A step whose answer was lost").
      const outcome = await lost.run(
        `${action}:${a.id}`,
        () => verifyAlignment(a.id, buildVerifyRequest(a, action, trimmed)),
        async () => {
          const now = await getAlignment(a.id)
          return showsOwnAction(a, now, action, trimmed, state.data.me) ? now : null
        },
      )
      show(outcome.value)
      setText('')
      setNotice({
        ok: true,
        text: outcome.already
          ? `${DONE_TEXT[action]}（刚才那次已经办成，只是网络慢，回复晚到了）`
          : DONE_TEXT[action],
      })
    } catch (err) {
      if (err instanceof ApiError && err.code === ErrorCode.AlignmentStale) {
        const fresh = await getAlignment(a.id).catch(() => null)
        if (fresh) show(fresh)
        else await load()
        // Both sides as they were: someone else acted on it (or it was compared again) since the page loaded.
        const sidesSame =
          fresh !== null &&
          fresh.fingerprint === a.fingerprint &&
          fresh.disclosure?.version === a.disclosure?.version &&
          fresh.government?.version === a.government?.version
        setNotice({
          ok: false,
          text: sidesSame
            ? '刚刚已有其他工作人员处理过这条对照，已重新读取，请看处理结果'
            : '村里或政府的公开刚有变化，已重新读取，请再核对一遍',
        })
      } else {
        setNotice({ ok: false, text: errorText(err) })
      }
    }
  })

  const open = a.status !== 'verified'
  const canConfirm = a.status === 'consistent'
  return (
    <PageRoot className="cw-staff-alignment">
      <AlignmentView alignment={a} />
      {state.data.mayVerify && open && (
        <View className="cw-staff-alignment__actions">
          <Text className="cw-staff-alignment__heading">乡镇核验</Text>
          {canConfirm && (
            <Button
              className={`cw-btn cw-staff-alignment__confirm${busy ? ' cw-btn--busy' : ''}`}
              disabled={busy || undefined}
              onClick={() => void act('confirm')}
            >
              核对无误，确认一致
            </Button>
          )}
          <Text className="cw-staff-alignment__hint">
            {canConfirm ? '如有说明可填写（选填）：' : '请写明要村里更正的内容，或不需更正的理由：'}
          </Text>
          <Textarea
            className="cw-staff-alignment__text"
            value={text}
            maxlength={NO_CUT}
            placeholder={canConfirm ? '说明（选填）' : '例如：请按县里名单更正第一户金额'}
            onInput={(e) => setText(e.detail.value)}
          />
          <TextCount text={text} max={ALIGNMENT_COMMENT_MAX} className="cw-staff-alignment__count" />
          {!canConfirm && (
            <Button
              className={`cw-btn cw-staff-alignment__correct${busy ? ' cw-btn--busy' : ''}`}
              disabled={busy || undefined}
              onClick={() => void act('request_correction')}
            >
              要求村里更正
            </Button>
          )}
          {!canConfirm && (
            <Button
              className={`cw-btn cw-btn--ghost cw-staff-alignment__resolve${busy ? ' cw-btn--busy' : ''}`}
              disabled={busy || undefined}
              onClick={() => void act('resolve')}
            >
              不需更正，按理由处理
            </Button>
          )}
        </View>
      )}
      {notice && (
        <View
          className={`cw-staff-alignment__notice${notice.ok ? '' : ' cw-staff-alignment__notice--error'}`}
          role={notice.ok ? 'status' : 'alert'}
        >
          {notice.text}
        </View>
      )}
    </PageRoot>
  )
}
