import type { Connection } from 'mongoose'
import type { Models } from '../models'
import type { AuditService } from './audit.service'
import type { PayRuntime } from '../clients/pay-runtime'
import { ChargesService } from './charges.service'
import type { createDisclosuresService } from './disclosures.service'
import { createFinanceStatementsService } from './finance-statements.service'
import { createLedgerService } from './ledger.service'
import { createPayCallbacksService } from './pay-callbacks.service'
import { PaymentOrdersService } from './payment-orders.service'
import { PaymentRefundsService } from './payment-refunds.service'
import { createPaymentSettlementService } from './payment-settlement.service'
import { createReconciliationService } from './reconciliation.service'

/**
 * The pay feature as one group: charges, payment orders and refunds, pay callbacks, the ledger, reconciliation and the
 * monthly finance statement, sharing one ledger, one settlement and the WeChat Pay runtime (null when not configured).
 */
export function createPayServices(deps: {
  models: Models
  audit: AuditService
  conn: Connection
  disclosures: ReturnType<typeof createDisclosuresService>
  pay: PayRuntime | null
}) {
  const pay = () => deps.pay
  const now = () => (deps.pay ? deps.pay.now() : Date.now())
  const client = () => deps.pay?.client ?? null
  const ledger = createLedgerService({ models: deps.models, audit: deps.audit, conn: deps.conn })
  const settlement = createPaymentSettlementService({
    models: deps.models,
    ledger,
    merchant: () => (deps.pay ? { mchid: deps.pay.client.mchid, appid: deps.pay.client.appid } : null),
    now,
  })
  const reconciliation = createReconciliationService({ models: deps.models, client, now })
  const charges = new ChargesService({ models: deps.models, audit: deps.audit })
  return {
    /** The pay runtime (client, clock, notify base); null when WeChat Pay is not configured. */
    runtime: pay,
    ledger,
    settlement,
    charges,
    orders: new PaymentOrdersService({ models: deps.models, charges, settlement, pay }),
    refunds: new PaymentRefundsService({ models: deps.models, audit: deps.audit, charges, settlement, pay }),
    callbacks: createPayCallbacksService({ client, settlement }),
    reconciliation,
    financeStatements: createFinanceStatementsService({
      models: deps.models,
      ledger,
      reconciliation,
      disclosures: () => deps.disclosures,
    }),
  }
}

/** The pay feature's services. */
export type PayServices = ReturnType<typeof createPayServices>
