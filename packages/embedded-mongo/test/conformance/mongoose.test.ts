/** Conformance: what the BFF does day to day with mongoose models. */
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import mongoose, { Schema, type Connection, type Model } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../src/testing'
import { rejection } from './setup'

interface IUser {
  email: string
  name: string
  role: 'admin' | 'member'
  age?: number
  village?: string
  tags: string[]
  slug?: string
  createdAt?: Date
  updatedAt?: Date
}

interface IPost {
  title: string
  author: mongoose.Types.ObjectId
  likes: number
}

let test: TestDatabase
let db: Connection
let User: Model<IUser>
let Post: Model<IPost>
const saved: string[] = []

beforeAll(async () => {
  test = await createTestDatabase()
  db = await mongoose.createConnection(test.uri, { serverSelectionTimeoutMS: 10_000 }).asPromise()
  const userSchema = new Schema<IUser>(
    {
      email: { type: String, required: true, unique: true, lowercase: true, trim: true },
      name: { type: String, required: true, minlength: 2 },
      role: { type: String, enum: ['admin', 'member'], default: 'member' },
      age: { type: Number, min: 0, max: 150 },
      village: { type: String, index: true },
      tags: { type: [String], default: [] },
      slug: String,
    },
    { timestamps: true },
  )
  userSchema.index({ village: 1, createdAt: -1 })
  userSchema.pre('save', function () {
    this.slug = this.name.toLowerCase().replace(/\s+/g, '-')
  })
  userSchema.post('save', function (doc) {
    saved.push(doc.email)
  })
  User = db.model<IUser>('User', userSchema)
  Post = db.model<IPost>(
    'Post',
    new Schema<IPost>({
      title: { type: String, required: true },
      author: { type: Schema.Types.ObjectId, ref: 'User', required: true },
      likes: { type: Number, default: 0 },
    }),
  )
  await User.init()
  await Post.init()
})

afterAll(async () => {
  await test.drop()
  await db.close()
})

describe('models', () => {
  it('should create documents with defaults, timestamps and hooks', async () => {
    const u = await User.create({ email: ' Ann@X.org ', name: 'Ann Lee' })
    expect(u.email).toBe('ann@x.org')
    expect(u.role).toBe('member')
    expect(u.slug).toBe('ann-lee')
    expect(u.createdAt).toBeInstanceOf(Date)
    expect(saved).toContain('ann@x.org')
    const found = await User.findById(u._id).lean()
    expect(found).toMatchObject({
      email: 'ann@x.org',
      name: 'Ann Lee',
      role: 'member',
      tags: [],
      slug: 'ann-lee',
      __v: 0,
    })
  })

  it('should reject invalid documents with a ValidationError', async () => {
    const err = await rejection(User.create({ email: 'v@x', name: 'V', role: 'boss' as never, age: -1 }))
    expect(err.name).toBe('ValidationError')
    expect(Object.keys((err as unknown as mongoose.Error.ValidationError).errors).sort()).toEqual([
      'age',
      'name',
      'role',
    ])
  })

  it('should raise code 11000 with keyValue on a unique violation', async () => {
    await User.create({ email: 'dup@x', name: 'Dup' })
    const err = await rejection(User.create({ email: 'DUP@x', name: 'Dup Two' }))
    expect(err.code).toBe(11000)
    expect(err.keyValue).toEqual({ email: 'dup@x' })
    const many = await rejection(
      User.insertMany([
        { email: 'm1@x', name: 'M1' },
        { email: 'dup@x', name: 'Again' },
      ]),
    )
    expect(many.code).toBe(11000)
  })

  it('should save modified documents and bump nothing when unchanged', async () => {
    const u = await User.create({ email: 'save@x', name: 'Saver', tags: ['a'] })
    u.tags.push('b')
    u.age = 40
    await u.save()
    const again = await User.findOne({ email: 'save@x' }).lean()
    expect(again).toMatchObject({ tags: ['a', 'b'], age: 40 })
    await u.save()
    expect((await User.findById(u._id).lean())?.updatedAt).toBeInstanceOf(Date)
  })

  it('should findOneAndUpdate with returnDocument after, upsert and runValidators', async () => {
    const updated = await User.findOneAndUpdate(
      { email: 'save@x' },
      { $inc: { age: 1 } },
      { returnDocument: 'after' },
    ).lean()
    expect(updated?.age).toBe(41)
    const upserted = await User.findOneAndUpdate(
      { email: 'up@x' },
      { $set: { name: 'Upserted' }, $setOnInsert: { role: 'admin' } },
      { returnDocument: 'after', upsert: true },
    ).lean()
    expect(upserted).toMatchObject({ email: 'up@x', name: 'Upserted', role: 'admin' })
    const err = await rejection(
      User.findOneAndUpdate({ email: 'up@x' }, { age: 500 }, { runValidators: true }),
    )
    expect(err.name).toBe('ValidationError')
  })

  it('should populate references', async () => {
    const author = await User.create({ email: 'author@x', name: 'Author' })
    await Post.create([
      { title: 'one', author: author._id },
      { title: 'two', author: author._id, likes: 3 },
    ])
    const posts = await Post.find({ author: author._id })
      .sort({ title: 1 })
      .populate<{ author: IUser }>('author', 'name email')
      .lean()
    expect(posts.map((p) => [p.title, p.author.name])).toEqual([
      ['one', 'Author'],
      ['two', 'Author'],
    ])
  })

  it('should count, distinct and aggregate', async () => {
    await User.insertMany([
      { email: 'v1@x', name: 'V1', village: '110101001001', age: 30 },
      { email: 'v2@x', name: 'V2', village: '110101001001', age: 50 },
      { email: 'v3@x', name: 'V3', village: '110101001002', age: 20 },
    ])
    expect(await User.countDocuments({ village: '110101001001' })).toBe(2)
    expect((await User.distinct('village')).sort()).toEqual(['110101001001', '110101001002'])
    const agg = await User.aggregate<{ _id: string; avg: number }>([
      { $match: { village: { $exists: true } } },
      { $group: { _id: '$village', avg: { $avg: '$age' } } },
      { $sort: { _id: 1 } },
    ])
    expect(agg).toEqual([
      { _id: '110101001001', avg: 40 },
      { _id: '110101001002', avg: 20 },
    ])
    expect(await User.estimatedDocumentCount()).toBeGreaterThan(5)
  })

  it('should aggregate across models with $lookup, $unwind and $facet', async () => {
    const writer = await User.create({ email: 'writer@x', name: 'Writer', village: '110101001009' })
    await Post.create([
      { title: 'w1', author: writer._id, likes: 4 },
      { title: 'w2', author: writer._id, likes: 6 },
    ])
    const [res] = await Post.aggregate<{
      byVillage: { _id: string; likes: number }[]
      total: { n: number }[]
    }>([
      { $match: { author: writer._id } },
      { $lookup: { from: User.collection.name, localField: 'author', foreignField: '_id', as: 'who' } },
      { $unwind: '$who' },
      {
        $facet: {
          byVillage: [{ $group: { _id: '$who.village', likes: { $sum: '$likes' } } }],
          total: [{ $count: 'n' }],
        },
      },
    ])
    expect(res).toEqual({ byVillage: [{ _id: '110101001009', likes: 10 }], total: [{ n: 2 }] })
  })

  it('should run bulkWrite', async () => {
    const res = await User.bulkWrite([
      { insertOne: { document: { email: 'b1@x', name: 'B1' } } },
      { updateOne: { filter: { email: 'b1@x' }, update: { $set: { age: 9 } } } },
      { updateOne: { filter: { email: 'b2@x' }, update: { $set: { name: 'B2' } }, upsert: true } },
      { deleteMany: { filter: { email: 'v3@x' } } },
    ])
    expect(res.insertedCount).toBe(1)
    expect(res.modifiedCount).toBe(1)
    expect(res.upsertedCount).toBe(1)
    expect(res.deletedCount).toBe(1)
  })

  it('should stream thousands of documents through a cursor with small batches', async () => {
    await Post.insertMany(
      Array.from({ length: 2500 }, (_, i) => ({
        title: `p${i}`,
        author: new mongoose.Types.ObjectId(),
        likes: i,
      })),
    )
    let n = 0
    let last = -1
    for await (const p of Post.find({ likes: { $gte: 0 } })
      .sort({ likes: 1 })
      .lean()
      .cursor({ batchSize: 100 })) {
      expect(p.likes).toBeGreaterThanOrEqual(last)
      last = p.likes
      n++
    }
    expect(n).toBe(2504)
  })

  it('should sync indexes', async () => {
    const names = (await User.listIndexes()).map((i) => i.name).sort()
    expect(names).toEqual(['_id_', 'email_1', 'village_1', 'village_1_createdAt_-1'])
    const dropped = await User.syncIndexes()
    expect(dropped).toEqual([])
  })

  it('should delete documents', async () => {
    const r = await Post.deleteMany({ likes: { $lt: 1000 } })
    expect(r.deletedCount).toBe(1004)
    expect(await Post.countDocuments()).toBe(1500)
  })

  it('should store and read GridFS files through the mongoose connection', async () => {
    const bucket = new mongoose.mongo.GridFSBucket(db.db as never, { bucketName: 'attachments' })
    const upload = bucket.openUploadStream('notice.pdf', { metadata: { village: '110101001001' } })
    const data = Buffer.alloc(600_000, 7)
    await pipeline(Readable.from([data]), upload)
    const chunks: Buffer[] = []
    for await (const c of bucket.openDownloadStream(upload.id)) chunks.push(c as Buffer)
    expect(Buffer.concat(chunks).equals(data)).toBe(true)
  })
})
