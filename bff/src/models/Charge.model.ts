import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'
import { ChargeStatusSchema, ChargeUnitSchema } from '@cunwu/domain'
import type { ChargeStatus, ChargeUnit } from '@cunwu/domain'

/** One household that owes a charge, with its amount fixed when the charge is defined. */
export interface ChargePayer {
  householdNo: string
  headName: string
  quantity: number
  amountFen: number
}

/** A collective charge approved by the villagers' assembly (一事一议, water or sanitation fees, rents). */
export interface Charge {
  _id: Types.ObjectId
  villageCode: string
  title: string
  description: string
  unit: ChargeUnit
  unitAmountFen: number
  unitLabel: string
  /** Ledger category the payments are booked under. */
  category: string
  dueDate: string
  basis: { text: string; disclosureId: Types.ObjectId | null }
  /** The passed 四议两公开 decision that authorised the charge; absent on charges from before decisions existed. */
  decisionId?: Types.ObjectId | null
  payers: ChargePayer[]
  status: ChargeStatus
  createdBy: Types.ObjectId
  createdAt: Date
  updatedAt: Date
}

const payerSchema = new Schema<ChargePayer>(
  {
    householdNo: { type: String, required: true },
    headName: { type: String, required: true },
    quantity: { type: Number, required: true, min: 1 },
    amountFen: { type: Number, required: true, min: 1 },
  },
  { _id: false },
)

const chargeSchema = new Schema<Charge>(
  {
    villageCode: { type: String, required: true, match: /^\d{12}$/ },
    title: { type: String, required: true },
    description: { type: String, default: '' },
    unit: { type: String, required: true, enum: ChargeUnitSchema.options },
    unitAmountFen: { type: Number, required: true, min: 1 },
    unitLabel: { type: String, default: '' },
    category: { type: String, required: true },
    dueDate: { type: String, required: true },
    basis: {
      type: new Schema(
        {
          text: { type: String, required: true },
          disclosureId: { type: Schema.Types.ObjectId, default: null },
        },
        { _id: false },
      ),
      required: true,
    },
    decisionId: { type: Schema.Types.ObjectId, default: null },
    payers: { type: [payerSchema], default: [] },
    status: { type: String, required: true, enum: ChargeStatusSchema.options, default: 'open' },
    createdBy: { type: Schema.Types.ObjectId, required: true },
  },
  { timestamps: true },
)
chargeSchema.index({ villageCode: 1, createdAt: -1 })
chargeSchema.index({ villageCode: 1, 'payers.householdNo': 1 })
chargeSchema.index({ decisionId: 1 }, { partialFilterExpression: { decisionId: { $type: 'objectId' } } })

/** Registers (once) and returns the Charge model on a connection. */
export function chargeModel(conn: Connection): Model<Charge> {
  return conn.models.Charge ?? conn.model<Charge>('Charge', chargeSchema)
}
