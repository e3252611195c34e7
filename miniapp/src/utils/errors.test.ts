import { ErrorCode } from '@cunwu/domain'
import { ApiError } from '@/services/request'
import { LINK_ERROR_TEXT, errorText } from './errors'

const invalid = (details: Record<string, string>) =>
  new ApiError(
    400,
    ErrorCode.ValidationError,
    Object.entries(details)
      .map(([field, message]) => `${field}: ${message}`)
      .join('; '),
    details,
  )

describe('errorText', () => {
  it('should tell a person who opened a broken link so, not the region code checks meant for staff', () => {
    // What the BFF answers for ?village=abc, ?village=000000000000 and a guide's ?code=999.
    const links: Record<string, string>[] = [
      { 'params.code': '区划代码应为12位数字' },
      { 'params.code': '区划代码结构无效：上级部分为0时下级部分必须为0，省级部分不能为00' },
      { 'query.regionCode': '区划代码应为12位数字' },
      { 'params.id': '编号不对，请从列表重新打开' },
    ]
    for (const details of links) {
      const text = errorText(invalid(details))
      expect(text).toBe(LINK_ERROR_TEXT)
      expect(text).not.toContain('区划代码')
    }
  })

  it('should keep the checks’ own words for what the person typed', () => {
    expect(errorText(invalid({ 'query.q': '最多 50 个字' }))).toBe('最多 50 个字')
    expect(errorText(invalid({ 'body.name': '请填写姓名' }))).toBe('请填写姓名')
    // A form field and a link part together: the form's words.
    expect(
      errorText(invalid({ 'params.id': '编号不对，请从列表重新打开', 'body.text': '最多 500 个字' })),
    ).toBe('编号不对，请从列表重新打开；最多 500 个字')
  })
})
