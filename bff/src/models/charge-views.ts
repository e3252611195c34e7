import type { ChargePayDto, PayerStatus } from '@cunwu/domain'
import type { Charge, ChargePayer } from './Charge.model'
import type { PaymentOrder } from './PaymentOrder.model'

// Plain values the pay services derive from charges and their orders; presenters read them, so they live in the
// layer both depend on rather than in a service.

/** A charge with counts derived from its orders. */
export interface ChargeSummary {
  charge: Charge
  paidCount: number
  receivedFen: number
}

/** One payer of a charge and where they stand. */
export interface PayerView extends ChargePayer {
  status: PayerStatus
  paidAt: Date | null
  refundedFen: number
}

/** A household's share of a charge as the household sees it. */
export interface MyCharge {
  charge: Charge
  payer: ChargePayer
  status: PayerStatus
  paidAt: Date | null
  /** Refunded to the household so far (applied for or done). */
  refundedFen: number
  /** The due date has passed (China time). */
  pastDue: boolean
}

/** The result of starting a payment: the order, the wx.requestPayment parameters, the simulator's H5 page. */
export interface PayStart {
  order: PaymentOrder
  requestPayment: ChargePayDto['requestPayment']
  h5PayUrl: string | null
}
