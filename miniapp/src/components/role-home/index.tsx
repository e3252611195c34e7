import { useEffect, useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ROLE_LABELS, type MeDto, type Region, type RoleGrantDto } from '@cunwu/domain'
import { EmptyBox, ErrorBox, LoadingBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { NameSearch } from '@/components/name-search'
import { OfficePhoneEditor } from '@/components/office-phone'
import { VillageFeed } from '@/components/village-feed'
import { getVillageSchedule, type VillageSchedule } from '@/services/api/disclosures'
import { listApplications } from '@/services/api/memberships'
import { listChildRegions } from '@/services/api/regions'
import { Routes, pageUrl } from '@/routes'
import { errorText } from '@/utils/errors'
import { LINK } from '@/utils/link-role'
import { namesContaining } from '@/utils/name-search'
import './index.scss'

/** Props of {@link RoleHome}. */
export interface RoleHomeProps {
  /** The signed-in user's profile. */
  me: MeDto
}

const open = (url: string) => void Taro.navigateTo({ url })

function VillageCatalogButton({ grant }: { grant: RoleGrantDto }) {
  return (
    <Button
      className="cw-btn cw-role-home__catalog"
      onClick={() => open(pageUrl(Routes.Catalog, { village: grant.regionCode }))}
    >
      查看本村公开目录
    </Button>
  )
}

function ScheduleSummary({ grant }: { grant: RoleGrantDto }) {
  const schedule = useLoader<VillageSchedule>()
  const { run } = schedule
  useEffect(() => {
    void run(() => getVillageSchedule(grant.regionCode))
  }, [run, grant.regionCode])
  if (schedule.state.kind === 'loading') return <LoadingBox text="正在查看本年度公开进度…" />
  if (schedule.state.kind === 'error')
    return (
      <ErrorBox
        message={errorText(schedule.state.error)}
        onRetry={() => void run(() => getVillageSchedule(grant.regionCode))}
      />
    )
  if (schedule.state.kind !== 'ready') return null
  const { overdue, dueSoon } = schedule.state.data.summary
  return (
    <View className={`cw-role-home__schedule${overdue > 0 ? ' cw-role-home__schedule--overdue' : ''}`}>
      <Text className="cw-role-home__text">
        超期未公开 <Text className="cw-role-home__overdue-count">{overdue}</Text> 项
      </Text>
      <Text className="cw-role-home__text">近期要公开 {dueSoon} 项</Text>
    </View>
  )
}

function SecretaryHome({ grant }: { grant: RoleGrantDto }) {
  const pending = useLoader<number>()
  const { run } = pending
  const load = () => run(async () => (await listApplications(grant.regionCode, 'pending')).length)
  useEffect(() => {
    void run(async () => (await listApplications(grant.regionCode, 'pending')).length)
  }, [run, grant.regionCode])

  return (
    <View className="cw-role-home__secretary">
      {pending.state.kind === 'loading' && <LoadingBox text="正在查看待审核的申请…" />}
      {pending.state.kind === 'error' && (
        <ErrorBox message={errorText(pending.state.error)} onRetry={() => void load()} />
      )}
      {pending.state.kind === 'ready' && (
        <View className="cw-role-home__pending-box">
          <Text className="cw-role-home__text">待审核的入村申请</Text>
          <Text className="cw-role-home__pending-count">{pending.state.data}</Text>
          <Text className="cw-role-home__text">份</Text>
        </View>
      )}
      <Button className="cw-btn cw-role-home__pending" onClick={() => open(Routes.SecretaryApplications)}>
        审核入村申请
      </Button>
      <ScheduleSummary grant={grant} />
      <Button className="cw-btn cw-role-home__disclosures" onClick={() => open(Routes.SecretaryDisclosures)}>
        村务公开（草稿与发布）
      </Button>
      <View className="cw-role-home__pay">
        <Button className="cw-btn cw-role-home__charges" onClick={() => open(Routes.PayCharges)}>
          集体收费
        </Button>
        <Button className="cw-btn cw-btn--ghost cw-role-home__ledger" onClick={() => open(Routes.PayLedger)}>
          村级账目
        </Button>
      </View>
      <VillageCatalogButton grant={grant} />
      <OfficePhoneEditor regionCode={grant.regionCode} />
    </View>
  )
}

/** Levels the compliance dashboard opens on (the officer's view of a county, township or village). */
const BOARD_LEVELS: readonly Region['level'][] = ['county', 'township', 'village']

/**
 * The staff's regions below theirs, found by typing part of a name (a township may have 300 villages); each opens
 * the officer's view of it, its compliance dashboard (a village's: its items, overdue and discrepancies), not the
 * villagers' catalog.
 */
function StaffHome({ grant }: { grant: RoleGrantDto }) {
  const regions = useLoader<Region[]>()
  const { run } = regions
  const [typed, setTyped] = useState('')
  useEffect(() => {
    void run(() => listChildRegions(grant.regionCode))
  }, [run, grant.regionCode])
  const shown = regions.state.kind === 'ready' ? namesContaining(regions.state.data, typed) : []

  return (
    <View className="cw-role-home__staff">
      {(grant.role === 'township' || grant.role === 'county') && (
        <Button
          className="cw-btn cw-role-home__review"
          onClick={() => open(pageUrl(Routes.TownshipReview, { region: grant.regionCode }))}
        >
          审核村务公开
        </Button>
      )}
      <Text className="cw-role-home__heading">下辖的乡镇和村</Text>
      {regions.state.kind === 'loading' && <LoadingBox />}
      {regions.state.kind === 'error' && (
        <ErrorBox
          message={errorText(regions.state.error)}
          onRetry={() => void run(() => listChildRegions(grant.regionCode))}
        />
      )}
      {regions.state.kind === 'ready' && regions.state.data.length === 0 && <EmptyBox text="没有下辖地区" />}
      {regions.state.kind === 'ready' && regions.state.data.length > 0 && (
        <NameSearch
          label="找下辖的乡镇或村：输入名称中的字"
          placeholder="例如 枫林"
          value={typed}
          onInput={setTyped}
          found={`找到 ${shown.length} 个`}
        />
      )}
      {regions.state.kind === 'ready' && regions.state.data.length > 0 && shown.length === 0 && (
        <EmptyBox text={`没有名称含“${typed.trim()}”的乡镇或村`} />
      )}
      {shown.map((r) =>
        BOARD_LEVELS.includes(r.level) ? (
          <View
            key={r.code}
            {...LINK}
            className="cw-list-row cw-role-home__region"
            data-code={r.code}
            onClick={() => open(pageUrl(Routes.StaffCompliance, { region: r.code }))}
          >
            {r.name}
          </View>
        ) : (
          <View key={r.code} className="cw-list-row cw-role-home__region" data-code={r.code}>
            {r.name}
          </View>
        ),
      )}
    </View>
  )
}

/** The active role's home: the village catalog, the secretary's pending applications, or staff regions. */
export function RoleHome({ me }: RoleHomeProps) {
  const grant = me.activeRole
  if (!grant) {
    const pending = me.memberships.find((m) => m.status === 'pending')
    return (
      <View className="cw-role-home cw-role-home--none">
        {pending ? (
          <Text className="cw-role-home__text cw-role-home__pending-application">
            您申请加入{pending.villageName ?? '本村'}，正在等村务管理员审核。
          </Text>
        ) : (
          <Text className="cw-role-home__text">加入本村后，就能看到本村公开的内容。</Text>
        )}
        {!pending && (
          <Button className="cw-btn cw-role-home__join" onClick={() => open(Routes.Join)}>
            申请加入本村
          </Button>
        )}
      </View>
    )
  }
  // A villager's home starts with the village's newest disclosures (the first screen of a 360×640 phone shows
  // them); the catalog and their charges come after.
  if (grant.role === 'villager')
    return (
      <View className="cw-role-home cw-role-home--villager">
        <VillageFeed villageCode={grant.regionCode} />
        <VillageCatalogButton grant={grant} />
        <Button className="cw-btn cw-role-home__my-charges" onClick={() => open(Routes.PayMyCharges)}>
          我的缴费
        </Button>
      </View>
    )
  return (
    <View className={`cw-role-home cw-role-home--${grant.role}`}>
      <Text className="cw-role-home__heading">
        {ROLE_LABELS[grant.role]} · {grant.regionName ?? grant.regionCode}
      </Text>
      {grant.role === 'secretary' && <SecretaryHome grant={grant} />}
      {(grant.role === 'township' || grant.role === 'county' || grant.role === 'admin') && (
        <StaffHome grant={grant} />
      )}
    </View>
  )
}
