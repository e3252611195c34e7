import { useState } from 'react'
import { ErrorCode, type MeDto, type Region, type RoleGrantDto } from '@cunwu/domain'
import { useLoader, type Loader } from '@/hooks/use-loader'
import type { AdminPage } from '@/services/api/admin'
import { getRegion } from '@/services/api/regions'
import { ApiError } from '@/services/request'
import { errorText } from '@/utils/errors'

// What the administrator's pages (人员与权限, 操作记录, 导入行政区划) share: the admin's own regions, the names of
// regions the BFF names by code, a list read a page at a time, and errors in the BFF's own words.

/** The regions the person administers (their admin grants), the active one first. */
export function adminGrants(me: MeDto): RoleGrantDto[] {
  const grants = me.roles.filter((g) => g.role === 'admin')
  const active = me.activeRole?.role === 'admin' ? me.activeRole.regionCode : null
  return [...grants].sort((a, b) => Number(b.regionCode === active) - Number(a.regionCode === active))
}

// Region names by code, kept for the app's lifetime: a county has a few hundred regions and their names rarely change.
const names = new Map<string, string>()

/** Remembers the names of regions a page has read (children lists, grants). */
export function rememberRegions(regions: readonly Pick<Region, 'code' | 'name'>[]): void {
  for (const r of regions) names.set(r.code, r.name)
}

/** A region's name when known (read before by {@link loadRegionNames} or {@link rememberRegions}). */
export function regionName(code: string | null | undefined, given?: string | null): string | null {
  if (given) return given
  return code ? (names.get(code) ?? null) : null
}

/** Reads the names of the regions not yet known (each once); a name that cannot be read stays unknown. */
export async function loadRegionNames(codes: readonly (string | null | undefined)[]): Promise<void> {
  const missing = [...new Set(codes.filter((c): c is string => !!c && !names.has(c)))]
  await Promise.all(
    missing.map(async (code) => {
      try {
        names.set(code, (await getRegion(code)).name)
      } catch {
        // Shown as 某地区 by the page; the list itself is still worth showing.
      }
    }),
  )
}

/** Forgets the remembered names (tests). */
export function forgetRegionNames(): void {
  names.clear()
}

/**
 * What went wrong, for the admin: the BFF's own sentence whenever it wrote one in Chinese (有 3 个地区不在您的管理范围内…,
 * 不能取消最后一位系统管理员…), since a bare 无权查看 would hide why; otherwise the app's usual wording.
 */
export function adminErrorText(err: unknown): string {
  if (
    err instanceof ApiError &&
    err.code !== ErrorCode.ValidationError &&
    err.status !== 401 &&
    /[\u4e00-\u9fff]/.test(err.message)
  )
    return err.message
  return errorText(err)
}

/** A list read a page at a time: the pages so far, whether more can be asked for, and the load state. */
export interface PagedList<T> {
  loader: Loader<T[]>
  /** More lines after these: 加载更多 asks for them. */
  hasMore: boolean
  /** Asking for the next page; a failure there keeps the lines shown and is said under them. */
  moreBusy: boolean
  moreError: unknown
  /** Starts again from the first page. */
  reload: (fetchPage: (after: Record<string, string> | null) => Promise<AdminPage<T>>) => Promise<void>
  more: () => Promise<void>
}

/** Holds a list read with `reload` and extended with `more` (the BFF's cursor, whatever its name). */
export function usePagedList<T>(): PagedList<T> {
  const loader = useLoader<T[]>('idle')
  const [next, setNext] = useState<Record<string, string> | null>(null)
  const [fetcher, setFetcher] = useState<
    ((after: Record<string, string> | null) => Promise<AdminPage<T>>) | null
  >(null)
  const [moreBusy, setMoreBusy] = useState(false)
  const [moreError, setMoreError] = useState<unknown>(null)

  const reload: PagedList<T>['reload'] = (fetchPage) => {
    setFetcher(() => fetchPage)
    setNext(null)
    setMoreError(null)
    return loader.run(async () => {
      const page = await fetchPage(null)
      setNext(page.next)
      return page.items
    })
  }

  const more = async () => {
    const shown = loader.state
    if (!fetcher || !next || moreBusy || shown.kind !== 'ready') return
    setMoreBusy(true)
    setMoreError(null)
    try {
      const page = await fetcher(next)
      loader.set([...shown.data, ...page.items])
      setNext(page.next)
    } catch (err) {
      setMoreError(err)
    } finally {
      setMoreBusy(false)
    }
  }

  return { loader, hasMore: next !== null, moreBusy, moreError, reload, more }
}
