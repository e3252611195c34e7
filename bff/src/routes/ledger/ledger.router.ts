import Router from '@koa/router'
import {
  FinanceStatementCreateSchema,
  FinanceStatementParamsSchema,
  LedgerEntryCreateSchema,
  LedgerEntryParamsSchema,
  LedgerReverseSchema,
  LedgerImportSchema,
  LedgerListQuerySchema,
  ObjectIdSchema,
  ReconciliationCreateSchema,
  ReconciliationListQuerySchema,
  redactSensitiveNumbers,
  VillageParamsSchema,
} from '@cunwu/domain'
import type { AppDeps } from '../../deps'
import { readUpload } from '../../lib/upload'
import { auth, authorize, fromParam, requireAnyRole } from '../../middlewares/auth'
import { inputOf, validate } from '../../middlewares/validate'
import {
  presentBookedEntry,
  presentLedgerLine,
  presentStatementStatus,
  presentUnattributed,
} from '../../presenters/ledger.presenter'
import { presentReconciliation } from '../../presenters/pay.presenter'
import { actorOf, currentUser } from '../actor'

const List = { params: VillageParamsSchema, query: LedgerListQuerySchema }
const Create = { params: VillageParamsSchema, body: LedgerEntryCreateSchema }
const Import = { params: VillageParamsSchema, body: LedgerImportSchema }
const Reverse = { params: LedgerEntryParamsSchema, body: LedgerReverseSchema }
const Statement = { params: VillageParamsSchema, body: FinanceStatementCreateSchema }
const StatementStatus = { params: FinanceStatementParamsSchema }
const Unattributed = { query: ReconciliationListQuerySchema }
const Reconcile = { params: VillageParamsSchema, body: ReconciliationCreateSchema }
const Reports = { params: VillageParamsSchema, query: ReconciliationListQuerySchema }
const Voucher = { params: VillageParamsSchema }
const VoucherFile = { params: VillageParamsSchema.extend({ fileId: ObjectIdSchema }) }
/** Scanned vouchers (凭证): images and PDFs up to 10 MB, the same policy as disclosure attachments. */
const VOUCHER_POLICY = {
  maxBytes: 10 * 1024 * 1024,
  types: ['image/jpeg', 'image/png', 'application/pdf'] as const,
}

/** The village ledger, the monthly finance statement draft and the reconciliation reports. */
export function ledgerRouter(deps: AppDeps): Router {
  const router = new Router()
  const requireAuth = auth(() => deps.services().auth)
  const pay = () => deps.services().pay
  const village = fromParam('code')
  const staff = ['secretary', 'township', 'county', 'admin'] as const

  router.get(
    '/villages/:code/ledger',
    requireAuth,
    validate(List),
    authorize(staff, village),
    async function list(ctx) {
      const { params, query } = inputOf(ctx, List)
      ctx.body = { entries: (await pay().ledger.list(params.code, query)).map(presentLedgerLine) }
    },
  )

  router.post(
    '/villages/:code/ledger',
    requireAuth,
    validate(Create),
    authorize(['secretary'], village),
    async function create(ctx) {
      const { params, body } = inputOf(ctx, Create)
      ctx.status = 201
      ctx.body = presentBookedEntry(
        await pay().ledger.create(params.code, body, currentUser(ctx), actorOf(ctx)),
      )
    },
  )

  router.post(
    '/villages/:code/ledger/import',
    requireAuth,
    validate(Import),
    authorize(['secretary'], village),
    async function importEntries(ctx) {
      const { params, body } = inputOf(ctx, Import)
      ctx.body = await pay().ledgerImport.importEntries(params.code, body, currentUser(ctx), actorOf(ctx))
    },
  )

  // A correction (冲销) of a wrong entry: the village's secretary only.
  router.post(
    '/villages/:code/ledger/:id/reverse',
    requireAuth,
    validate(Reverse),
    authorize(['secretary'], village),
    async function reverse(ctx) {
      const { params, body } = inputOf(ctx, Reverse)
      ctx.status = 201
      ctx.body = presentBookedEntry(
        await pay().ledger.reverse(params.code, params.id, body.reason, currentUser(ctx), actorOf(ctx)),
      )
    },
  )

  router.post(
    '/villages/:code/ledger/vouchers',
    requireAuth,
    validate(Voucher),
    authorize(['secretary'], village),
    async function uploadVoucher(ctx) {
      const file = await readUpload(ctx, VOUCHER_POLICY)
      const { fileId, size } = await pay().vouchers.store(inputOf(ctx, Voucher).params.code, file)
      ctx.status = 201
      ctx.body = { fileId: fileId.toHexString(), filename: file.filename, size }
    },
  )

  // A voucher is read by those who read the ledger: the village's staff and the township, county and admin above it.
  // It may show personal data (names, accounts, signatures), so like a draft's attachment it is never cached.
  router.get(
    '/villages/:code/ledger/vouchers/:fileId',
    requireAuth,
    validate(VoucherFile),
    authorize(staff, village),
    async function downloadVoucher(ctx) {
      const { code, fileId } = inputOf(ctx, VoucherFile).params
      const { file, stream } = await pay().vouchers.open(code, fileId)
      ctx.set('Content-Type', file.contentType)
      ctx.set('Content-Length', String(file.size))
      ctx.set(
        'Content-Disposition',
        `inline; filename*=UTF-8''${encodeURIComponent(redactSensitiveNumbers(file.filename))}`,
      )
      ctx.set('Cache-Control', 'private, no-store')
      ctx.body = stream
    },
  )

  router.post(
    '/villages/:code/finance-statements',
    requireAuth,
    validate(Statement),
    authorize(['secretary'], village),
    async function draftStatement(ctx) {
      const { params, body } = inputOf(ctx, Statement)
      ctx.status = 201
      ctx.body = await pay().financeStatements.draft(
        params.code,
        body.month,
        body.changeNote,
        currentUser(ctx),
        actorOf(ctx),
      )
    },
  )

  router.get(
    '/villages/:code/finance-statements/:month',
    requireAuth,
    validate(StatementStatus),
    authorize(staff, village),
    async function statementStatus(ctx) {
      const { params } = inputOf(ctx, StatementStatus)
      ctx.body = presentStatementStatus(await pay().financeStatements.status(params.code, params.month))
    },
  )

  // Bill lines no village can be matched to: the merchant's, for the admin (not in any village's report).
  router.get(
    '/reconciliations/unattributed',
    requireAuth,
    validate(Unattributed),
    requireAnyRole(['admin']),
    async function unattributed(ctx) {
      const { query } = inputOf(ctx, Unattributed)
      ctx.body = { days: (await pay().reconciliation.listUnattributed(query)).map(presentUnattributed) }
    },
  )

  router.get(
    '/villages/:code/reconciliations',
    requireAuth,
    validate(Reports),
    authorize(staff, village),
    async function reports(ctx) {
      const { params, query } = inputOf(ctx, Reports)
      ctx.body = {
        reconciliations: (await pay().reconciliation.list(params.code, query)).map(presentReconciliation),
      }
    },
  )

  router.post(
    '/villages/:code/reconciliations',
    requireAuth,
    validate(Reconcile),
    authorize(['secretary', 'township'], village),
    async function reconcile(ctx) {
      const { params, body } = inputOf(ctx, Reconcile)
      ctx.body = presentReconciliation(await pay().reconciliation.run(params.code, body.date))
    },
  )

  return router
}
