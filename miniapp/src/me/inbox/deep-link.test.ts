import { deepLinkUrl } from './deep-link'

const entryId = '65f0000000000000000000f1'

describe('deepLinkUrl', () => {
  it('should open deep links on the pages that exist, and none for pages this app does not have', () => {
    expect(deepLinkUrl({ page: 'pages/disclosure/index', query: { id: 'd1' } })).toBe(
      '/pages/disclosure/index?id=d1',
    )
    expect(deepLinkUrl({ page: 'pages/disclosure/index', query: { id: 'd1', n: entryId } })).toBe(
      '/pages/disclosure/index?id=d1',
    )
    expect(deepLinkUrl({ page: 'township/verify/index', query: { id: 'a1' } })).toBe(
      '/staff/alignment/index?id=a1',
    )
    expect(deepLinkUrl({ page: 'secretary/disclosure/index', query: { id: 'd2' } })).toBe(
      '/secretary/disclosure-edit/index?id=d2',
    )
    expect(deepLinkUrl({ page: 'alignment/detail/index', query: { disclosure: 'd3' } })).toBe(
      '/alignment/detail/index?disclosure=d3',
    )
    expect(deepLinkUrl({ page: 'pages/question/index', query: { id: 'q1' } })).toBeNull()
  })
})
