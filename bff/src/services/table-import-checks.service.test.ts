import { Types } from 'mongoose'
import { describe, expect, it, vi } from 'vitest'
import type { Models } from '../models'
import type { TableImport } from '../models/TableImport.model'
import type { ParseResult, ParseRun } from '../imports/table-import-parser'
import { ParseRefused } from '../imports/table-import-parser'
import { evaluateImport } from './table-import-checks.service'

const ITEM = 'agricultural-subsidies.cultivated-land-protection'

describe(evaluateImport.name, () => {
  it('should fail with the roster store error, not as cancelled, when the store fails while rows are handed over', async () => {
    // A parse still running whose collected rows are handed to the store; cancelling it ends it at once.
    let rejectResult: (error: Error) => void = () => undefined
    const result = new Promise<ParseResult>((_, reject) => (rejectResult = reject))
    result.catch(() => undefined)
    const cancel = vi.fn(() => rejectResult(new ParseRefused('cancelled', '导入已取消')))
    const parse = {
      onProgress: null,
      result,
      cancel,
      streamRows: async (sink: (rows: object[], codes: string[] | null) => Promise<void>) => {
        await sink([{ name: '张三' }], ['360999100201'])
      },
    } as unknown as ParseRun
    const abort = vi.fn(async () => undefined)
    const deps = {
      models: { TableImport: {} } as unknown as Pick<Models, 'TableImport'>,
      rows: {
        openRoster: () => ({
          rosterId: new Types.ObjectId(),
          add: async () => {
            throw new Error('roster store unavailable')
          },
          finish: async () => {
            throw new Error('not reached')
          },
          abort,
        }),
        release: async () => undefined,
      },
    }
    const doc = {
      _id: new Types.ObjectId(),
      kind: 'government_item',
      catalogItemId: ITEM,
      governmentItemId: new Types.ObjectId(),
    } as TableImport
    // The store's failure reaches the job (logged, recorded as 导入出错), the worker is stopped, nothing is kept.
    await expect(evaluateImport(deps, doc, 1, parse)).rejects.toThrow('roster store unavailable')
    expect(cancel).toHaveBeenCalled()
    expect(abort).toHaveBeenCalled()
  })
})
