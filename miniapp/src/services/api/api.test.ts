import { ErrorCode } from '@cunwu/domain'
import { apiError, fakeBff } from '../../../test/support/fake-bff'
import { buildItem, buildMembership, buildRegion } from '../../../test/support/builders'
import { ApiError } from '../request'
import { errorText } from '../../utils/errors'
import { listDemoUsers, signInWithCode } from './auth'
import { getVillageCatalog, listCatalogDomains } from './catalog'
import { applyToVillage, approveApplication, listApplications } from './memberships'
import { listChildRegions } from './regions'

async function catchApiError(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise
  } catch (err) {
    if (err instanceof ApiError) return err
    throw err
  }
  throw new Error('expected the call to fail')
}

const village = '360999001001'

describe('api functions', () => {
  describe('auth', () => {
    it('should trade a code for tokens without sending a Bearer token', async () => {
      const seen = fakeBff({
        'POST /api/v1/auth/wechat': () => ({
          status: 200,
          body: { accessToken: 'a', expiresIn: 900, refreshToken: 'r'.repeat(40) },
        }),
      })
      await expect(signInWithCode('code-1')).resolves.toMatchObject({ accessToken: 'a' })
      expect(seen[0]).toMatchObject({ body: { code: 'code-1' }, authorization: undefined })
    })

    it('should keep the WeChat error codes for the sign-in page', async () => {
      fakeBff({ 'POST /api/v1/auth/wechat': () => apiError(401, ErrorCode.WechatCodeUsed) })
      expect(await catchApiError(signInWithCode('x'))).toMatchObject({
        status: 401,
        code: ErrorCode.WechatCodeUsed,
      })
    })

    it('should report 404 when the BFF has no demo sign-in (real WeChat)', async () => {
      fakeBff({})
      expect(await catchApiError(listDemoUsers())).toMatchObject({ status: 404, code: ErrorCode.NotFound })
    })
  })

  describe('memberships', () => {
    it('should post the application to the village and return the pending membership', async () => {
      const seen = fakeBff({
        [`POST /api/v1/villages/${village}/memberships`]: () => ({ status: 201, body: buildMembership() }),
      })
      await expect(applyToVillage(village, { name: '李秀英', householdNo: '002' })).resolves.toMatchObject({
        status: 'pending',
      })
      expect(seen[0]?.body).toEqual({ name: '李秀英', householdNo: '002' })
    })

    it('should map a repeated application to already_applied with the server message', async () => {
      fakeBff({
        [`POST /api/v1/villages/${village}/memberships`]: () =>
          apiError(409, ErrorCode.AlreadyApplied, '您已经申请过这个村'),
      })
      const err = await catchApiError(applyToVillage(village, { name: '李秀英', householdNo: '002' }))
      expect(err).toMatchObject({ status: 409, code: ErrorCode.AlreadyApplied })
      expect(errorText(err)).toBe('您已经申请过这个村')
    })

    it('should show a validation error in its checks’ words, without the field names', async () => {
      fakeBff({
        [`POST /api/v1/villages/${village}/memberships`]: () =>
          apiError(400, ErrorCode.ValidationError, 'body.name: 请填写姓名; body.householdNo: 最多 20 个字', {
            'body.name': '请填写姓名',
            'body.householdNo': '最多 20 个字',
          }),
      })
      const err = await catchApiError(applyToVillage(village, { name: '', householdNo: '002' }))
      expect(errorText(err)).toBe('请填写姓名；最多 20 个字')
      // Without Chinese details, a sentence that says the input was wrong, not that the service is down.
      fakeBff({
        [`POST /api/v1/villages/${village}/memberships`]: () =>
          apiError(400, ErrorCode.ValidationError, 'body.name: Required', { 'body.name': 'Required' }),
      })
      expect(errorText(await catchApiError(applyToVillage(village, { name: '', householdNo: '002' })))).toBe(
        '填写或打开的内容有误，请检查后再试',
      )
    })

    it('should list pending applications with their roster match and reject an unknown match value', async () => {
      const seen = fakeBff({
        [`GET /api/v1/villages/${village}/memberships`]: () => ({
          status: 200,
          body: { memberships: [{ ...buildMembership(), roster: 'match' }] },
        }),
      })
      await expect(listApplications(village)).resolves.toMatchObject([{ roster: 'match' }])
      expect(seen[0]?.path).toBe(`/api/v1/villages/${village}/memberships`)

      fakeBff({
        [`GET /api/v1/villages/${village}/memberships`]: () => ({
          status: 200,
          body: { memberships: [{ ...buildMembership(), roster: 'maybe' }] },
        }),
      })
      expect(await catchApiError(listApplications(village))).toMatchObject({ code: ErrorCode.NetworkError })
    })

    it('should map approving a household missing from the roster to household_not_on_roster', async () => {
      fakeBff({
        'POST /api/v1/memberships/abc/approve': () =>
          apiError(422, ErrorCode.HouseholdNotOnRoster, '户号不在名册上'),
      })
      expect(await catchApiError(approveApplication('abc'))).toMatchObject({
        status: 422,
        code: ErrorCode.HouseholdNotOnRoster,
      })
    })
  })

  describe('catalog and regions', () => {
    it('should validate the domain list with its counts', async () => {
      fakeBff({
        'GET /api/v1/catalog': () => ({ status: 200, body: { version: '2026.1', domains: [{ id: 'x' }] } }),
      })
      expect(await catchApiError(listCatalogDomains())).toMatchObject({ code: ErrorCode.NetworkError })
    })

    it('should return the village catalog, and forbidden for people outside the village', async () => {
      fakeBff({
        [`GET /api/v1/villages/${village}/catalog`]: () => ({
          status: 200,
          body: { version: '2026.1', village: buildRegion(village, '城东社区居委会'), items: [buildItem()] },
        }),
      })
      const res = await getVillageCatalog(village)
      expect(res.items[0]?.name).toBe('最低生活保障对象名单')

      fakeBff({
        [`GET /api/v1/villages/${village}/catalog`]: () => apiError(403, ErrorCode.Forbidden, 'Forbidden'),
      })
      const err = await catchApiError(getVillageCatalog(village))
      expect(err).toMatchObject({ status: 403, code: ErrorCode.Forbidden })
      expect(errorText(err)).toBe('无权查看')
    })

    it('should list child regions', async () => {
      fakeBff({
        'GET /api/v1/regions/360999000000/children': () => ({
          status: 200,
          body: { regions: [buildRegion('360999001000', '城东街道')] },
        }),
      })
      await expect(listChildRegions('360999000000')).resolves.toMatchObject([{ name: '城东街道' }])
    })
  })
})
