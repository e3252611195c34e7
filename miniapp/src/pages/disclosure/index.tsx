import { Button, Text, View } from '@tarojs/components'
import Taro, { useLoad, useRouter } from '@tarojs/taro'
import {
  DISCLOSURE_STATUS_LABELS,
  disclosureIdOfPosterLink,
  isStillPosted,
  type AttachmentDto,
  type DisclosureDto,
  type DisclosureVersionDto,
} from '@cunwu/domain'
import { DisclosureChart } from '@/components/disclosure-chart'
import { DisclosureTable } from '@/components/disclosure-table'
import { OfflineLabel } from '@/components/offline-label'
import { ErrorBox, LoadingBox } from '@/components/page-state'
import { PublicFiles } from '@/components/public-files'
import { ReadAloud } from '@/components/read-aloud'
import { useLoader } from '@/hooks/use-loader'
import { RowChanges } from '@/components/row-changes'
import { getDisclosure, getDisclosureVersion, listDisclosureVersions } from '@/services/api/disclosures'
import { apiUrl } from '@/services/request'
import { Routes, pageUrl, readQueryParam } from '@/routes'
import { errorText, isGone, MissingLinkPartError } from '@/utils/errors'
import { formatDate, formatDateTime } from '@/utils/format'
import { periodLabel } from '@/utils/period'
import { isH5 } from '@/utils/platform'
import { PageRoot } from '@/components/page-root'
// Below the first screen; loaded after the page in H5 (below-fold.ts).
import {
  DisclosureQuestions,
  GuideLinks,
  SubscribeButton,
  VersionList,
  WithdrawAttachment,
} from './below-fold'
import { useMayWithdrawAttachments } from '@/components/attachment-withdraw/may-withdraw'
import { LINK } from '@/utils/link-role'
import './index.scss'

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`
}

/** Opens an attachment the way each platform can: images in the viewer, documents in WeChat's reader or a tab. */
async function openAttachment(file: AttachmentDto): Promise<void> {
  const url = apiUrl(file.url)
  if (file.contentType.startsWith('image/')) {
    await Taro.previewImage({ urls: [url], current: url })
    return
  }
  if (isH5()) {
    window.open(url, '_blank', 'noopener')
    return
  }
  const { tempFilePath } = await Taro.downloadFile({ url })
  await Taro.openDocument({ filePath: tempFilePath, showMenu: true })
}

/** One disclosure as villagers read it: text, public table with totals, explanation, chart, files, versions. */
export default function DisclosurePage() {
  const page = useLoader<DisclosureDto>()
  // 版本记录 is below the first screen: the disclosure shows as soon as it has arrived, without waiting for it.
  const history = useLoader<DisclosureVersionDto[]>()
  const params = useRouter().params
  // Opened by scanning a poster in WeChat (扫普通链接二维码打开小程序): the scanned link arrives in `q`.
  const scanned = readQueryParam(params.q)
  const id = readQueryParam(params.id) ?? (scanned ? disclosureIdOfPosterLink(scanned) : undefined)
  // An older (or newer) version opened from 版本记录: any version's id of the series and the number wanted.
  const version = Number(readQueryParam(params.version) ?? '') || undefined
  const loadHistory = () => {
    if (id) void history.run(() => listDisclosureVersions(id))
  }
  const load = () => {
    void page.run(async () => {
      if (!id) throw new MissingLinkPartError('id')
      return version ? getDisclosureVersion(id, version) : getDisclosure(id)
    })
    loadHistory()
  }
  useLoad(() => {
    load()
  })
  /** After 撤下附件: the same version read again in place (the page stays where it was), and its history. */
  const reloadAfterWithdrawal = () => {
    if (!id) return
    const again = version ? getDisclosureVersion(id, version) : getDisclosure(id)
    void again.then(page.set, () => load())
    loadHistory()
  }

  const state = page.state
  // The village's staff and the township and county above it may take a public version's file down.
  const mayWithdraw = useMayWithdrawAttachments(state.kind === 'ready' ? state.data : null)
  const retry = () => load()
  if (state.kind === 'loading' || state.kind === 'idle')
    return (
      <PageRoot>
        <LoadingBox />
      </PageRoot>
    )
  if (state.kind === 'error')
    return (
      <PageRoot>
        <ErrorBox
          message={errorText(state.error)}
          onRetry={retry}
          onHome={isGone(state.error) ? () => void Taro.reLaunch({ url: Routes.Home }) : undefined}
        />
      </PageRoot>
    )
  const d = state.data
  return (
    <PageRoot className="cw-disclosure">
      <OfflineLabel data={d} />
      {d.status === 'retracted' && (
        <View className="cw-disclosure__retracted" role="alert">
          <Text className="cw-disclosure__retracted-title">这条内容已撤回</Text>
          {d.retractReason && (
            <Text className="cw-disclosure__retracted-text">撤回原因：{d.retractReason}</Text>
          )}
        </View>
      )}
      {d.status === 'superseded' && d.alignment.supersededBy && (
        // An old poster's QR code lands here: the reader learns first that a newer version replaced this one.
        <View className="cw-disclosure__retracted" role="alert">
          <Text className="cw-disclosure__retracted-title">
            这是旧版本，已被第{d.alignment.supersededBy.version}版取代
          </Text>
          <Button
            className="cw-btn cw-disclosure__current"
            onClick={() => {
              const next = d.alignment.supersededBy
              if (next) void Taro.redirectTo({ url: pageUrl(Routes.Disclosure, { id: next.id }) })
            }}
          >
            查看最新版本
          </Button>
        </View>
      )}
      <Text className="cw-disclosure__title">{d.title}</Text>
      <Text className="cw-disclosure__meta">
        {d.catalogItemName} · {periodLabel(d.period)} · 第{d.version}版
      </Text>
      {d.regionName && <Text className="cw-disclosure__meta">{d.regionName}</Text>}
      {d.publishedAt && (
        <Text className="cw-disclosure__meta">公开时间：{formatDateTime(d.publishedAt)}</Text>
      )}
      {d.successor && <Text className="cw-disclosure__meta">本村撤并后，由{d.successor.name}代为公开</Text>}
      {d.postingUntil && isStillPosted(d.status) && (
        // The last day it stays up (postingUntil is that day's last instant in China): a day, not a time; a retracted
        // version is no longer posted, as its poster says.
        <Text className="cw-disclosure__meta">公示到：{formatDate(d.postingUntil)}</Text>
      )}
      <View className="cw-disclosure__badges">
        <Text className={`cw-disclosure__status cw-disclosure__status--${d.status}`}>
          {DISCLOSURE_STATUS_LABELS[d.status]}
        </Text>
        <Text
          className={`cw-disclosure__alignment cw-disclosure__alignment--${d.alignment.status}`}
          {...LINK}
          onClick={() => {
            // A superseded version links to the version that replaced it, whose comparison is the current one.
            const next = d.alignment.supersededBy
            void Taro.navigateTo({
              url: next
                ? pageUrl(Routes.Disclosure, { id: next.id })
                : pageUrl(Routes.AlignmentDetail, { disclosure: d.id }),
            })
          }}
        >
          {d.alignment.label}
          {d.alignment.status !== 'unknown' ? ' ›' : ''}
        </Text>
      </View>
      {d.status !== 'draft' && d.status !== 'pending_review' && <ReadAloud disclosureId={d.id} />}
      {d.changeNote && d.version > 1 && (
        <Text className="cw-disclosure__change-note">本版更改：{d.changeNote}</Text>
      )}
      {d.body !== '' && <Text className="cw-disclosure__body">{d.body}</Text>}

      {d.figures.length > 0 && (
        <View className="cw-disclosure__section cw-disclosure__figures">
          <Text className="cw-disclosure__heading">公开的标准数额</Text>
          {d.figures.map((f, i) => (
            <Text key={`${i}-${f.name}`} className="cw-disclosure__figure">
              {f.name}：{String(f.value)}
              {f.unit ? ` ${f.unit}` : ''}
            </Text>
          ))}
        </View>
      )}

      <RowChanges disclosure={d} />
      {d.table && <DisclosureTable table={d.table} />}

      {d.interpretation && (d.interpretation.qa.length > 0 || d.interpretation.chart) && (
        <View className="cw-disclosure__section cw-disclosure__interpretation">
          <Text className="cw-disclosure__heading">政策解读</Text>
          {d.interpretation.qa.map((x) => (
            <View key={x.q} className="cw-disclosure__qa">
              <Text className="cw-disclosure__q">问：{x.q}</Text>
              <Text className="cw-disclosure__a">答：{x.a}</Text>
            </View>
          ))}
          {d.interpretation.chart && <DisclosureChart chart={d.interpretation.chart} />}
        </View>
      )}

      {(d.attachments.length > 0 || (d.withdrawnAttachments ?? []).length > 0) && (
        <View className="cw-disclosure__section cw-disclosure__attachments">
          <Text className="cw-disclosure__heading">附件</Text>
          {(d.withdrawnAttachments ?? []).map((w) => (
            // A file taken down after publication (an ID card shown by mistake): the reason where the link was.
            <View key={w.id} className="cw-list-row cw-disclosure__attachment cw-disclosure__withdrawn">
              <Text className="cw-disclosure__attachment-name">附件已撤下</Text>
              <Text className="cw-disclosure__meta">原因：{w.reason}</Text>
            </View>
          ))}
          {d.attachments.map((a) => (
            <View key={a.id}>
              <View
                className="cw-list-row cw-disclosure__attachment"
                onClick={() =>
                  void openAttachment(a).catch(() =>
                    Taro.showToast({ title: '打不开这个附件', icon: 'none' }),
                  )
                }
              >
                <Text className="cw-disclosure__attachment-name" {...LINK}>
                  {a.filename}
                </Text>
                <Text className="cw-disclosure__meta">
                  {a.contentType.startsWith('image/') ? '图片' : '文件'} · {sizeText(a.size)} · 点击查看
                </Text>
              </View>
              {mayWithdraw && (
                <WithdrawAttachment disclosureId={d.id} attachment={a} onWithdrawn={reloadAfterWithdrawal} />
              )}
            </View>
          ))}
        </View>
      )}

      {d.status !== 'draft' && d.status !== 'pending_review' && <PublicFiles disclosure={d} />}
      <GuideLinks catalogItemId={d.catalogItemId} regionCode={d.regionCode} />

      {history.state.kind === 'ready' && <VersionList versions={history.state.data} current={d} />}
      {history.state.kind === 'error' && (
        <ErrorBox
          title="版本记录没有加载成功"
          message={errorText(history.state.error)}
          onRetry={loadHistory}
        />
      )}

      <DisclosureQuestions disclosureId={d.id} status={d.status} />
      {d.status === 'published' && (
        <SubscribeButton
          target={{ itemId: d.catalogItemId }}
          villageCode={d.regionCode}
          category={d.domainId}
        />
      )}
      <Button
        className="cw-btn cw-btn--ghost cw-disclosure__catalog"
        onClick={() => void Taro.navigateTo({ url: pageUrl(Routes.CatalogItem, { id: d.catalogItemId }) })}
      >
        这一类要公开什么
      </Button>
    </PageRoot>
  )
}
