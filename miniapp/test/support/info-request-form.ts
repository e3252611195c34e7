import { fireEvent } from '@testing-library/react'
import { buildMe, buildMembership, buildRegion } from './builders'
import { buildInfoRequest } from './ask-builders'

// The BFF and the typing the information-request form's tests share (src/ask/info-request/*.test.tsx).

/** A member's village, its township 云溪镇 and its county 青山县. */
export const VILLAGE = '360999100200'
export const TOWNSHIP = '360999100000'
export const COUNTY = '360999000000'

/** /me of an approved member of VILLAGE. */
export const member = () => ({
  status: 200,
  body: buildMe({ memberships: [buildMembership({ villageCode: VILLAGE, status: 'approved' })] }),
})

/** A region's answer, by code and name. */
export const region = (code: string, name: string) => () => ({ status: 200, body: buildRegion(code, name) })

/** What the form loads for a member: /me, the township and the county. */
export const memberOffices = () => ({
  'GET /api/v1/me': member,
  [`GET /api/v1/regions/${TOWNSHIP}`]: region(TOWNSHIP, '云溪镇'),
  [`GET /api/v1/regions/${COUNTY}`]: region(COUNTY, '青山县'),
})

/** A request filed: 201 with the acknowledgement. */
export const filed = (acknowledgement: string) => () => ({
  status: 201,
  body: { ...buildInfoRequest(), acknowledgement },
})

/** Types `value` into the form's field with class `cls`. */
export const typeInto = (container: HTMLElement) => (cls: string, value: string) =>
  fireEvent.input(container.querySelector(cls) as Element, { target: { value } })

/** Fills in the requester: 王建国, a valid 身份证号 and a phone number. */
export function typeRequester(container: HTMLElement): void {
  const type = typeInto(container)
  type('.cw-info-form__name', '王建国')
  type('.cw-info-form__id-number', '360999199001011232')
  type('.cw-info-form__contact', '13800000000')
}
