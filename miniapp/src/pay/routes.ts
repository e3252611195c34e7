// Page paths of the pay subpackage (issue 8); kept here rather than in the shared routes.ts, and checked
// against app.config.ts by miniapp/test/pay/routes.test.ts.
export const PayRoutes = {
  MyCharges: '/pay/my-charges/index',
  Charges: '/pay/charges/index',
  ChargeNew: '/pay/charge-new/index',
  Charge: '/pay/charge/index',
  Ledger: '/pay/ledger/index',
  Statement: '/pay/statement/index',
  Reconciliation: '/pay/reconciliation/index',
} as const
