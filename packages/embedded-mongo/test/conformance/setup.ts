/**
 * Shared setup of the conformance suite: one fresh database per test file, on the embedded engine
 * by default or on the real server named by MONGODB_URI. Assertions never depend on which.
 */
import { MongoClient, type Db } from 'mongodb'
import { createTestDatabase, type TestDatabase } from '../../src/testing'

/** A connected client and its test database. */
export interface Conn {
  client: MongoClient
  db: Db
  test: TestDatabase
  close(): Promise<void>
}

/** Connects the plain driver to a fresh test database. */
export async function connect(): Promise<Conn> {
  const test = await createTestDatabase()
  const client = await MongoClient.connect(test.uri, { serverSelectionTimeoutMS: 10_000 })
  const db = client.db(test.dbName)
  return {
    client,
    db,
    test,
    async close() {
      await test.drop()
      await client.close()
    },
  }
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<Record<string, unknown> & Error> {
  try {
    await p
  } catch (err) {
    return err as Record<string, unknown> & Error
  }
  throw new Error('expected the operation to fail')
}
