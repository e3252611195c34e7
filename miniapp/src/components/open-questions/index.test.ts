import { buildQuestion } from '../../../test/support/ask-builders'
import { questionLines } from './index'

describe('questionLines', () => {
  it('should count open and overdue threads per area, overdue first, with a village median', () => {
    const data = {
      open: [
        buildQuestion({ id: 'a', villageCode: '360999100200' }),
        buildQuestion({ id: 'b', villageCode: '360999100201', overdue: true }),
        buildQuestion({ id: 'c', villageCode: '360999100201' }),
      ],
      medians: [{ villageCode: '360999100200', answered: 3, medianHours: 30 }],
    }
    const lines = questionLines(data, [
      { code: '360999100200', name: '云溪村' },
      { code: '360999100201', name: '石桥村' },
      { code: '360999100202', name: '河口村' },
    ])
    expect(lines).toEqual([
      { code: '360999100201', name: '石桥村', open: 2, overdue: 1, medianHours: null },
      { code: '360999100200', name: '云溪村', open: 1, overdue: 0, medianHours: 30 },
      { code: '360999100202', name: '河口村', open: 0, overdue: 0, medianHours: null },
    ])
    // A township line counts its villages' threads.
    expect(questionLines(data, [{ code: '360999100000', name: '云溪镇' }])[0]).toMatchObject({
      open: 3,
      overdue: 1,
    })
  })
})
