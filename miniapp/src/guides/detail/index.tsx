import { useState, type ReactNode } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro, { useLoad, useRouter } from '@tarojs/taro'
import type { ServiceGuideDto } from '@cunwu/domain'
import { LoadingBox } from '@/components/page-state'
import { openPublicFile } from '@/components/public-files'
import { ReadAloud } from '@/components/read-aloud'
import { useLoader } from '@/hooks/use-loader'
import { getGuideSpeech, getServiceGuide } from '@/services/api/service-guides'
import { Routes, pageUrl, readQueryParam } from '@/routes'
import { formatDate } from '@/utils/format'
import { periodLabel } from '@/utils/period'
import { publicRegion } from '@/services/public-region'
import { PageRoot } from '@/components/page-root'
import { LoadErrorBox } from '@/components/load-error'
import '../common.scss'

/** A titled block of the guide. */
function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <View className="cw-guides__section">
      <Text className="cw-guides__heading">{title}</Text>
      {children}
    </View>
  )
}

/** Lines as a list of big, separate paragraphs. */
function Lines({ lines }: { lines: readonly string[] }) {
  return (
    <View>
      {lines.map((line) => (
        <Text key={line} className="cw-guides__line">
          {line}
        </Text>
      ))}
    </View>
  )
}

/** The guide itself, in the order a villager needs it. */
function GuideBody({ g, code }: { g: ServiceGuideDto; code: string }) {
  const c = g.content
  const [printFailed, setPrintFailed] = useState(false)
  return (
    <View>
      <Text className="cw-guides__title">{c.name}</Text>
      <Text className="cw-guides__summary">{c.summary}</Text>
      <ReadAloud load={() => getGuideSpeech(code, g.id)} />
      <Section title="谁可以申请">
        <Lines lines={c.eligibility} />
      </Section>
      <Section title="由谁去办">
        <Text className="cw-guides__line">{c.applicant}</Text>
      </Section>
      <Section title="要带的材料">
        {c.materials.length === 0 ? (
          <Text className="cw-guides__line">见“由谁去办”。</Text>
        ) : (
          c.materials.map((m) => (
            <View key={m.name} className="cw-guides__material">
              <Text className="cw-guides__line cw-guides__line--strong">{m.name}</Text>
              {m.note && <Text className="cw-guides__note">{m.note}</Text>}
            </View>
          ))
        )}
      </Section>
      <Section title="办理步骤">
        {c.steps.map((s, i) => (
          <View key={s.title} className="cw-guides__step">
            <Text className="cw-guides__step-no" aria-hidden="true">
              {i + 1}
            </Text>
            <View className="cw-guides__step-body">
              <Text className="cw-guides__step-title">{`第${i + 1}步：${s.title}`}</Text>
              <Text className="cw-guides__line">{s.detail}</Text>
              {s.timeLimit && <Text className="cw-guides__note">{s.timeLimit}</Text>}
            </View>
          </View>
        ))}
      </Section>
      <Section title="去哪里办、什么时间">
        <Text className="cw-guides__line">{c.place}</Text>
        {g.notes.map((n) => (
          <View key={n.regionCode} className="cw-guides__local">
            <Text className="cw-guides__line cw-guides__line--strong">
              {`${n.regionName ?? (n.level === 'village' ? '本村' : '本乡镇')}的说明`}
            </Text>
            {n.place && <Text className="cw-guides__line">{`地点：${n.place}`}</Text>}
            {n.hours && <Text className="cw-guides__line">{`时间：${n.hours}`}</Text>}
            {n.contact && <Text className="cw-guides__line">{`电话：${n.contact}`}</Text>}
            {n.note && <Text className="cw-guides__line">{n.note}</Text>}
          </View>
        ))}
      </Section>
      <Section title="要多久">
        <Text className="cw-guides__line">{c.timeLimit}</Text>
      </Section>
      <Section title="收不收费">
        <Text className="cw-guides__line">{c.fee}</Text>
      </Section>
      <Section title="问谁">
        <Text className="cw-guides__line">{c.contact}</Text>
      </Section>
      {c.faq.length > 0 && (
        <Section title="常见问题">
          {c.faq.map((f) => (
            <View key={f.question} className="cw-guides__faq">
              <Text className="cw-guides__line cw-guides__line--strong">{`问：${f.question}`}</Text>
              <Text className="cw-guides__line">{`答：${f.answer}`}</Text>
            </View>
          ))}
        </Section>
      )}
      <Section title="本村的相关公示">
        {g.related.length === 0 ? (
          <Text className="cw-guides__note">暂时没有。</Text>
        ) : (
          g.related.map((d) => (
            <View
              key={d.id}
              className="cw-guides__card"
              role="link"
              onClick={() => void Taro.navigateTo({ url: pageUrl(Routes.Disclosure, { id: d.id }) })}
            >
              <Text className="cw-guides__card-title">{d.title}</Text>
              <Text className="cw-guides__card-text">{`${d.regionName ?? ''} ${periodLabel(d.period)}`}</Text>
            </View>
          ))
        )}
      </Section>
      <Button
        className="cw-btn cw-btn--ghost cw-guides__print"
        onClick={() => {
          setPrintFailed(false)
          const path = `/api/v1/regions/${code}/service-guides/${g.id}/poster.pdf?size=A4`
          void openPublicFile(path, 'pdf').catch(() => setPrintFailed(true))
        }}
      >
        打印这份指南（A4纸）
      </Button>
      {printFailed && <Text className="cw-guides__note">没有打开打印文件，请稍后再试</Text>}
      <Section title="依据和来源">
        <Lines lines={c.basis.map((b) => (b.articles ? `${b.title}${b.articles}` : b.title))} />
        <Text className="cw-guides__note">{`以上内容按${c.sources.map((s) => s.title).join('、')}整理，核对日期${formatDate(c.checkedOn)}。`}</Text>
      </Section>
    </View>
  )
}

/** One 办事指南 with large, numbered steps, the local office's details and the village's related disclosures. */
export default function GuideDetailPage() {
  const { params } = useRouter()
  const id = readQueryParam(params.id) ?? ''
  const fromQuery = readQueryParam(params.code)
  const guide = useLoader<{ code: string; guide: ServiceGuideDto }>()
  const load = () =>
    guide.run(async () => {
      const code = await publicRegion(fromQuery)
      return { code, guide: await getServiceGuide(code, id) }
    })
  useLoad(() => {
    void load()
  })
  const state = guide.state
  return (
    <PageRoot className="cw-guides">
      {(state.kind === 'loading' || state.kind === 'idle') && <LoadingBox />}
      {state.kind === 'error' && <LoadErrorBox error={state.error} onRetry={() => void load()} />}
      {state.kind === 'ready' && <GuideBody g={state.data.guide} code={state.data.code} />}
    </PageRoot>
  )
}
