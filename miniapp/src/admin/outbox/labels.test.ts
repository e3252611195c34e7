import { errcodeText, pendingAgeText } from './labels'

describe('errcodeText', () => {
  it('should explain the errcodes an admin can act on and name any other by number', () => {
    expect(errcodeText(43101)).toBe('用户未授权或授权次数已用完')
    expect(errcodeText(47003)).toBe('模板参数不正确')
    expect(errcodeText(40003)).toBe('openid 无效')
    expect(errcodeText(43107)).toBe('page 路径无效')
    expect(errcodeText(41030)).toBe('page 路径无效')
    expect(errcodeText(45009)).toBe('发送过于频繁')
    expect(errcodeText(-1)).toBe('微信返回错误码 -1')
  })
})

describe('pendingAgeText', () => {
  it('should say how long ago in minutes, with hours past the first hour', () => {
    expect(pendingAgeText(0)).toBe('不到 1 分钟前')
    expect(pendingAgeText(59.9)).toBe('不到 1 分钟前')
    expect(pendingAgeText(60)).toBe('1 分钟前')
    expect(pendingAgeText(59 * 60 + 59)).toBe('59 分钟前')
    expect(pendingAgeText(3600)).toBe('1 小时前')
    expect(pendingAgeText(26 * 3600 + 7 * 60)).toBe('26 小时 7 分钟前')
  })
})
