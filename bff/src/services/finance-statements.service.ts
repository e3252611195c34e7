import { isDeepStrictEqual } from 'node:util'
import type { DisclosureCreateReq, LedgerSection } from '@cunwu/domain'
import {
  DISCLOSURE_STATUS_LABELS,
  ErrorCode,
  periodHasEnded,
  periodLabel,
  shanghaiDateOf,
} from '@cunwu/domain'
import { AppError, conflict } from '../errors'
import type { Models } from '../models'
import type { Disclosure } from '../models/Disclosure.model'
import type { LedgerEntry } from '../models/LedgerEntry.model'
import type { User } from '../models/User.model'
import type { Actor } from './audit.service'
import { catalogItemOf } from './catalog.service'
import { checkTableRows } from './disclosure-derivations.service'
import type { DisclosuresService } from './disclosures.service'
import { bodyOf, chartOf, issueTextOf, qaOf, rowOf, statementLines, titleOf } from './finance-statement-text'
import { FINANCE_ITEMS } from './ledger.service'
import type { LedgerService } from './ledger.service'
import type { ReconciliationService } from './reconciliation.service'

export { FINANCE_ITEMS }

/** The drafted statement. */
export interface FinanceStatement {
  month: string
  incomeFen: number
  expenseFen: number
  disclosures: { section: LedgerSection; disclosureId: string; rows: number }[]
  openReconciliationIssues: number
}

/** Where a month's statement stands against the ledger now (`FinanceStatementStatusDto`). */
export interface FinanceStatementStatus {
  month: string
  ended: boolean
  sections: {
    section: LedgerSection
    newest: Disclosure
    published: Disclosure | null
    ledgerChanged: boolean
    reconciliationChanged: boolean
  }[]
  undrafted: LedgerSection[]
  correctionDue: boolean
}

/** One section of the statement as the ledger would give it now. */
interface Plan {
  section: LedgerSection
  seriesKey: string
  entries: LedgerEntry[]
  /** The table's rows, checked against the catalog item as a stored disclosure's are. */
  rows: ReturnType<typeof checkTableRows>
  req: DisclosureCreateReq
}

/**
 * Month end: drafts the village finance statement (收入明细 and 支出明细) from the ledger as disclosures through
 * the disclosures service, ready for the normal review and publish flow; only for a month that has ended (China
 * time, on the pay clock). Open reconciliation differences are listed in the body by day and amount. When the
 * ledger (or the month's reconciliation) changes after a statement is public, `status` says so and `draft` with a
 * change note starts a corrected version of the same series from the ledger, reviewed like the first.
 */
export class FinanceStatementsService {
  constructor(
    private readonly deps: {
      models: Models
      ledger: LedgerService
      reconciliation: ReconciliationService
      disclosures: () => DisclosuresService
      now: () => number
    },
  ) {}

  private ended(month: string): boolean {
    return periodHasEnded(month, shanghaiDateOf(this.deps.now()))
  }

  /** What each section's statement would hold if drafted now. */
  private async compose(villageCode: string, month: string) {
    const { lines, reversedPairs } = statementLines(await this.deps.ledger.monthEntries(villageCode, month))
    const issues = await this.deps.reconciliation.openReconciliationIssues(villageCode, month)
    const of = (section: LedgerSection) => lines.filter((e) => e.section === section)
    const sum = (es: LedgerEntry[]) => es.reduce((s, e) => s + e.amountFen, 0)
    const totals = { incomeFen: sum(of('income')), expenseFen: sum(of('expense')) }
    const body = bodyOf(month, totals, reversedPairs, issues)
    const plans: Plan[] = (['income', 'expense'] as const).map((section) => {
      const catalogItemId = FINANCE_ITEMS[section] ?? ''
      const entries = of(section)
      const req: DisclosureCreateReq = {
        catalogItemId,
        period: month,
        title: titleOf(month, section),
        body,
        interpretation: {
          qa: qaOf(issues.length),
          chart: chartOf(entries, section === 'income' ? '收入按类别（元）' : '支出按类别（元）'),
        },
        rows: entries.map(rowOf),
      }
      const rows = checkTableRows(catalogItemOf(catalogItemId), req.rows ?? [])
      return { section, seriesKey: `${villageCode}|${catalogItemId}|${month}`, entries, rows, req }
    })
    return { plans, issues, totals, issueText: issueTextOf(issues) }
  }

  private async seriesOf(
    seriesKey: string,
  ): Promise<{ newest: Disclosure | null; published: Disclosure | null }> {
    const [newest, published] = await Promise.all([
      this.deps.models.Disclosure.findOne({ seriesKey }).sort({ version: -1 }).lean(),
      this.deps.models.Disclosure.findOne({ seriesKey, status: 'published' }).sort({ version: -1 }).lean(),
    ])
    return { newest, published }
  }

  /** Whether the public version still shows the ledger's rows and the month's open differences as they are now. */
  private changes(published: Disclosure, plan: Plan, issueText: string) {
    return {
      ledgerChanged: !isDeepStrictEqual(published.rows ?? [], plan.rows ?? []),
      reconciliationChanged: issueText
        ? !published.body.includes(issueText.trim())
        : published.body.includes('对账提示：'),
    }
  }

  /** The month's statement against the ledger now: per section, whether the public version differs. */
  async status(villageCode: string, month: string): Promise<FinanceStatementStatus> {
    const { plans, issueText } = await this.compose(villageCode, month)
    const out: FinanceStatementStatus = {
      month,
      ended: this.ended(month),
      sections: [],
      undrafted: [],
      correctionDue: false,
    }
    for (const plan of plans) {
      const { newest, published } = await this.seriesOf(plan.seriesKey)
      if (!newest) {
        out.undrafted.push(plan.section)
        continue
      }
      const changed = published
        ? this.changes(published, plan, issueText)
        : { ledgerChanged: false, reconciliationChanged: false }
      out.sections.push({ section: plan.section, newest, published, ...changed })
      // A correction already drafted or under review is the one to finish, not a new one.
      if (newest.status === 'published' && (changed.ledgerChanged || changed.reconciliationChanged))
        out.correctionDue = true
    }
    return out
  }

  /**
   * Drafts the month's statement. A section not yet drafted is created; a section whose newest version is public
   * and no longer matches the ledger becomes a new version (更正版, with `changeNote`) holding the ledger's lines;
   * an unchanged public section is left alone. An open draft or a version under review is 409 (finish it first),
   * except a correction draft, which a request with a change note fills from the ledger again (so a redraft that
   * stopped half-way is finished by its retry). Every section is checked before anything is written.
   */
  async draft(
    villageCode: string,
    month: string,
    changeNote: string | undefined,
    user: User,
    actor: Actor,
  ): Promise<FinanceStatement> {
    if (!this.ended(month))
      throw new AppError(
        422,
        ErrorCode.MonthNotEnded,
        `${periodLabel(month)}还没有过完，下个月 1 日起才能起草这个月的财务公开`,
      )
    const { plans, issues, totals, issueText } = await this.compose(villageCode, month)
    const steps: { plan: Plan; kind: 'create' | 'fill' | 'correct'; target: Disclosure | null }[] = []
    for (const plan of plans) {
      const { newest, published } = await this.seriesOf(plan.seriesKey)
      const title = plan.req.title
      // Both parts are due every month, an empty one too (本月没有支出; submitted with confirmNoRows).
      if (!newest) {
        steps.push({ plan, kind: 'create', target: null })
        continue
      }
      if (newest.status === 'draft') {
        if (newest.version > 1 && changeNote) {
          steps.push({ plan, kind: 'fill', target: newest })
          continue
        }
        throw new AppError(
          409,
          ErrorCode.DisclosureExists,
          `「${newest.title}」已有草稿，还没有提交。请打开草稿核对后提交审核`,
          true,
          { disclosureId: newest._id.toHexString() },
        )
      }
      if (newest.status === 'pending_review')
        throw new AppError(
          409,
          ErrorCode.InvalidTransition,
          `「${newest.title}」正在等乡镇审核，审核完成后才能再生成`,
          true,
          { disclosureId: newest._id.toHexString() },
        )
      if (newest.status !== 'published' || !published)
        throw conflict(
          `「${title}」现在是「${DISCLOSURE_STATUS_LABELS[newest.status]}」状态，不能从台账重新生成`,
          ErrorCode.InvalidTransition,
        )
      const changed = this.changes(published, plan, issueText)
      if (!changed.ledgerChanged && !changed.reconciliationChanged) {
        continue
      }
      if (!changeNote)
        throw new AppError(
          422,
          ErrorCode.ChangeNoteRequired,
          `「${published.title}」已经公开，之后台账有变动。请写明更正说明，生成更正版后提交审核`,
          true,
          { disclosureId: published._id.toHexString() },
        )
      steps.push({ plan, kind: 'correct', target: published })
    }
    // Every part exists, public and as the ledger has it.
    if (steps.length === 0)
      throw conflict(
        `${periodLabel(month)}已公开的财务公开和台账一致，不需要更正`,
        ErrorCode.DisclosureExists,
      )
    const disclosures: FinanceStatement['disclosures'] = []
    for (const { plan, kind, target } of steps) {
      const { catalogItemId: _item, period: _period, ...content } = plan.req
      let d: Disclosure
      // The month was found ended on the pay clock (above); the disclosure judges its period on the same day.
      if (kind === 'create')
        d = await this.deps.disclosures().create(villageCode, plan.req, user, actor, {
          today: shanghaiDateOf(this.deps.now()),
        })
      else {
        const draftId =
          kind === 'fill' && target
            ? target._id.toHexString()
            : (
                await this.deps
                  .disclosures()
                  .newVersion(target?._id.toHexString() ?? '', changeNote ?? '', user, actor)
              )._id.toHexString()
        d = await this.deps.disclosures().update(draftId, content, actor)
      }
      disclosures.push({
        section: plan.section,
        disclosureId: d._id.toHexString(),
        rows: plan.entries.length,
      })
    }
    return { month, ...totals, disclosures, openReconciliationIssues: issues.length }
  }
}
