import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { AuditEventDto } from '@cunwu/domain'
import { AUDIT_ACTION_LABELS, STEP_LABELS, actionText, detailText } from './labels'

const BFF_SRC = join(__dirname, '../../../../bff/src')

/** The BFF's source files (tests left out): where every audit action it records is written. */
function bffSources(dir = BFF_SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return bffSources(path)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [readFileSync(path, 'utf8')] : []
  })
}

/**
 * The action codes the BFF records: `action: 'kind.step'` in an audit record, a code handed on after the actor
 * (`setDraft(…, actor, 'government_item.import', …)`), and the kinds of codes built from a step
 * (`action: \`question.${status}\``).
 */
function recordedActions(): { codes: Set<string>; builtKinds: Set<string> } {
  const codes = new Set<string>()
  const builtKinds = new Set<string>()
  for (const source of bffSources()) {
    for (const m of source.matchAll(/\baction: '([a-z_]+\.[a-z_.]+)'/g)) codes.add(m[1] as string)
    for (const m of source.matchAll(/\bactor,\s*'([a-z_]+\.[a-z_.]+)'/g)) codes.add(m[1] as string)
    for (const m of source.matchAll(/\baction: `([a-z_]+)\.\$\{/g)) builtKinds.add(m[1] as string)
  }
  return { codes, builtKinds }
}

function event(action: string, data: Record<string, unknown>): AuditEventDto {
  return {
    at: '2026-12-07T07:20:00.000Z',
    actorId: null,
    actorLabel: null,
    action,
    targetType: 'region',
    targetId: '360999100200',
    regionCode: '360999100200',
    requestId: null,
    data,
  }
}

describe('audit action labels', () => {
  it('should label in words every action code the BFF records', () => {
    const { codes, builtKinds } = recordedActions()
    // The scan finds what it should: the grant and the retirement codes are there.
    expect([...codes]).toEqual(expect.arrayContaining(['role.grant', 'region.retire', 'deadline.recounted']))
    expect(codes.size).toBeGreaterThan(50)
    const unlabelled = [...codes].filter((code) => !AUDIT_ACTION_LABELS[code])
    expect(unlabelled).toEqual([])
    // A code built from a step reads at least as its kind of work.
    expect([...builtKinds].sort()).toEqual(expect.arrayContaining(['info_request', 'question']))
    expect([...builtKinds].filter((kind) => !STEP_LABELS[kind])).toEqual([])
    for (const label of Object.values(AUDIT_ACTION_LABELS)) expect(label).toMatch(/^[\u4e00-\u9fff（）、]+$/)
  })

  it('should never show an unknown code', () => {
    expect(actionText('something.new')).toBe('其他操作')
    expect(actionText('alignment.reopened')).toBe('核对村务和政务公开')
  })

  it('should say what a retirement set, corrected and undone changed, with the reason', () => {
    expect(actionText('region.retire')).toBe('登记村撤并')
    expect(actionText('region.reinstate')).toBe('撤销村的撤并')
    const reason = '县民政局〔2026〕12号文'
    expect(
      detailText(
        event('region.retire', {
          retiredOn: '2026-09-20',
          mergedInto: '360999100201',
          mergedIntoName: '石门村',
          reason,
          previous: null,
        }),
      ),
    ).toBe(`从2026年9月20日起撤并，并入石门村；原因：${reason}`)
    expect(
      detailText(
        event('region.retire', {
          retiredOn: '2026-10-01',
          mergedInto: null,
          mergedIntoName: null,
          reason,
          previous: { retiredOn: '2026-09-20', mergedInto: null },
        }),
      ),
    ).toBe(`改为从2026年10月1日起撤并；原因：${reason}`)
    expect(
      detailText(
        event('region.reinstate', {
          reason: '录错了村',
          previous: { retiredOn: '2026-09-20', mergedInto: '360999100201' },
        }),
      ),
    ).toBe('原定2026年9月20日撤并，已撤销；原因：录错了村')
  })

  it('should show a re-application with the reason the earlier one was rejected', () => {
    const reason = '姓名写错了，请按户口本重新申请'
    expect(actionText('membership.apply')).toBe('申请加入本村')
    expect(
      detailText(
        event('membership.apply', {
          householdNo: '009',
          again: true,
          previousStatus: 'rejected',
          previousReason: reason,
        }),
      ),
    ).toBe(`上次未通过的原因：${reason}`)
    // A first application, and one after the person left or was removed, had no rejection to show.
    expect(detailText(event('membership.apply', { householdNo: '009' }))).toBeNull()
    expect(
      detailText(event('membership.apply', { householdNo: '009', again: true, previousStatus: 'ended' })),
    ).toBeNull()
  })

  it('should say how a deadline was counted again', () => {
    expect(actionText('deadline.recounted')).toBe('按节假日安排重新计算办理期限')
    expect(
      detailText(
        event('deadline.recounted', { before: '2031-01-20', after: '2031-01-22', provisional: false }),
      ),
    ).toBe('期限 2031年1月20日 改为 2031年1月22日')
  })
})
