import type { Connection } from 'mongoose'
import type { Models } from '../models'
import type { AuditService } from './audit.service'
import type { PayRuntime } from '../clients/pay-runtime'
import { ChargesService } from './charges.service'
import type { DisclosuresService } from './disclosures.service'
import { FinanceStatementsService } from './finance-statements.service'
import { LedgerService } from './ledger.service'
import { LedgerImportService } from './ledger-import.service'
import { VoucherFilesService } from './voucher-files.service'
import { PayCallbacksService } from './pay-callbacks.service'
import { PaymentOrdersService } from './payment-orders.service'
import { PaymentRefundsService } from './payment-refunds.service'
import { PaymentSettlementService } from './payment-settlement.service'
import { ReconciliationService } from './reconciliation.service'

/**
 * The pay feature as one group: charges, payment orders and refunds, pay callbacks, the ledger, reconciliation and the
 * monthly finance statement, sharing one ledger, one settlement and the WeChat Pay runtime (null when not configured).
 */
export class PayServices {
  readonly ledger: LedgerService
  readonly ledgerImport: LedgerImportService
  /** The ledger's scanned vouchers: storing (with the village's cap), reading, the upkeep's cleanup. */
  readonly vouchers: VoucherFilesService
  readonly settlement: PaymentSettlementService
  readonly charges: ChargesService
  readonly orders: PaymentOrdersService
  readonly refunds: PaymentRefundsService
  readonly callbacks: PayCallbacksService
  readonly reconciliation: ReconciliationService
  readonly financeStatements: FinanceStatementsService

  constructor(
    private readonly deps: {
      models: Models
      audit: AuditService
      conn: Connection
      disclosures: DisclosuresService
      pay: PayRuntime | null
    },
  ) {
    const { models, audit } = deps
    const pay = () => deps.pay
    const now = () => (deps.pay ? deps.pay.now() : Date.now())
    const client = () => deps.pay?.client ?? null
    this.ledger = new LedgerService({ models, audit, conn: deps.conn, now })
    this.ledgerImport = new LedgerImportService({ models, audit, ledger: this.ledger })
    this.vouchers = new VoucherFilesService({ conn: deps.conn, models })
    this.settlement = new PaymentSettlementService({
      models,
      ledger: this.ledger,
      merchant: () => (deps.pay ? { mchid: deps.pay.client.mchid, appid: deps.pay.client.appid } : null),
      now,
    })
    this.reconciliation = new ReconciliationService({ models, client, now })
    this.charges = new ChargesService({ models, audit, now })
    this.orders = new PaymentOrdersService({
      models,
      charges: this.charges,
      settlement: this.settlement,
      pay,
    })
    this.refunds = new PaymentRefundsService({
      models,
      audit,
      charges: this.charges,
      settlement: this.settlement,
      pay,
    })
    this.callbacks = new PayCallbacksService({ client, settlement: this.settlement })
    this.financeStatements = new FinanceStatementsService({
      models,
      ledger: this.ledger,
      reconciliation: this.reconciliation,
      disclosures: () => deps.disclosures,
      now,
    })
  }

  /** The pay runtime (client, clock, notify base); null when WeChat Pay is not configured. */
  runtime(): PayRuntime | null {
    return this.deps.pay
  }
}
