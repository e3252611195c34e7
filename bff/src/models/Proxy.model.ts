import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'

/** Proxy rights: `userId` may act for `forName` of household `householdNo` (an elderly member, say). */
export interface Proxy {
  _id: Types.ObjectId
  userId: Types.ObjectId
  villageCode: string
  householdNo: string
  forName: string
  grantedBy: Types.ObjectId
  grantedAt: Date
}

const proxySchema = new Schema<Proxy>({
  userId: { type: Schema.Types.ObjectId, required: true },
  villageCode: { type: String, required: true },
  householdNo: { type: String, required: true },
  forName: { type: String, required: true },
  grantedBy: { type: Schema.Types.ObjectId, required: true },
  grantedAt: { type: Date, required: true },
})
proxySchema.index({ userId: 1, villageCode: 1, householdNo: 1, forName: 1 }, { unique: true })

/** Registers (once) and returns the Proxy model on a connection. */
export function proxyModel(conn: Connection): Model<Proxy> {
  return conn.models.Proxy ?? conn.model<Proxy>('Proxy', proxySchema)
}
