import { Routes } from '@/routes'

/** The pay subpackage's pages under short names; the paths themselves live in routes.ts with every other page. */
export const PayRoutes = {
  MyCharges: Routes.PayMyCharges,
  Charges: Routes.PayCharges,
  ChargeNew: Routes.PayChargeNew,
  Charge: Routes.PayCharge,
  Ledger: Routes.PayLedger,
  Statement: Routes.PayStatement,
  Reconciliation: Routes.PayReconciliation,
} as const
