import { fakeBff } from '../../../test/support/fake-bff'
import { buildRegion } from '../../../test/support/builders'
import { resetSession, signIn } from '../../../test/support/render'
import { reinstateRegion, retireRegion } from './regions'

const VILLAGE = '360999100201'
const retirement = { retiredOn: '2026-09-20', mergedInto: '360999100200', mergedIntoName: '云溪村委会' }

describe('retiring a village (the admin screens’ calls)', () => {
  beforeEach(resetSession)

  it('should PUT the retirement and answer the region with it, and DELETE it with a reason', async () => {
    signIn('admin')
    const seen = fakeBff({
      [`PUT /api/v1/regions/${VILLAGE}/retirement`]: () => ({
        status: 200,
        body: { ...buildRegion(VILLAGE, '石门村委会'), retirement },
      }),
      [`DELETE /api/v1/regions/${VILLAGE}/retirement`]: () => ({
        status: 200,
        body: { ...buildRegion(VILLAGE, '石门村委会'), retirement: null },
      }),
    })
    const region = await retireRegion(VILLAGE, {
      retiredOn: '2026-09-20',
      mergedInto: '360999100200',
      reason: ' 县政府批复 ',
    })
    expect(region.retirement).toEqual(retirement)
    expect(seen[0]?.method).toBe('PUT')
    expect(seen[0]?.body).toEqual({
      retiredOn: '2026-09-20',
      mergedInto: '360999100200',
      reason: '县政府批复',
    })
    expect((await reinstateRegion(VILLAGE, '录入有误')).retirement).toBeNull()
    expect(seen[1]?.method).toBe('DELETE')
  })

  it('should refuse a bad date before sending anything', async () => {
    signIn('admin')
    const seen = fakeBff({})
    await expect(retireRegion(VILLAGE, { retiredOn: '2026-02-30', reason: '县政府批复' })).rejects.toThrow()
    expect(seen).toEqual([])
  })
})
