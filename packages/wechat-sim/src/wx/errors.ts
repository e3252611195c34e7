import { json, type SimResponse } from '../http/router'
import { randomHex } from '../util'

/** Builds a request id in the `rid: xxxxxxxx-xxxxxxxx-xxxxxxxx` shape that real errmsgs end with. */
export function newRid(): string {
  return `${randomHex(4)}-${randomHex(4)}-${randomHex(4)}`
}

/** Standard errmsg texts per errcode, as seen from api.weixin.qq.com. */
export const WX_ERRMSG: Record<number, string> = {
  [-1]: 'system error',
  40001:
    'invalid credential, access_token is invalid or not latest, could get access_token by getStableAccessToken, more details at https://mmbizurl.cn/s/JtxxFh33r',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40013: 'invalid appid',
  40014: 'invalid access_token',
  40029: 'invalid code',
  40037: 'invalid template_id',
  40125: 'invalid appsecret',
  40163: 'code been used',
  40226: 'code blocked',
  41001: 'access_token missing',
  41002: 'appid missing',
  41004: 'appsecret missing',
  41008: 'missing code',
  41030: 'invalid page',
  42001: 'access_token expired',
  43002: 'require POST method',
  43101: 'user refuse to accept the msg',
  44002: 'empty post data',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit mustslower retry next minute',
  47001: 'data format error',
  47003: 'argument invalid!',
}

/** An api.weixin.qq.com error: HTTP 200 with `{ errcode, errmsg }`, errmsg suffixed with a rid. */
export function wxError(errcode: number, errmsg?: string): SimResponse {
  const text = errmsg ?? WX_ERRMSG[errcode] ?? 'error'
  return json(200, { errcode, errmsg: `${text} rid: ${newRid()}` })
}
