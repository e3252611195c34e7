import { fireEvent, render } from '@testing-library/react'
import { __setRouterParams, taroMock } from '../../../test/__mocks__/taro'
import { buildDisclosure } from '../../../test/support/builders'
import { fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession } from '../../../test/support/render'
import DisclosurePage from '../../pages/disclosure/index'
import { PublicFiles } from './index'

const id = '65f0000000000000000000d1'

function buttons(container: HTMLElement): string[] {
  return [...container.querySelectorAll('.cw-public-files__button')].map((b) => b.textContent ?? '')
}

describe('PublicFiles', () => {
  beforeEach(resetSession)

  it('should open the table as Excel and the poster as PDF in WeChat’s document reader', async () => {
    taroMock.downloadFile.mockResolvedValue({ statusCode: 200, tempFilePath: 'tmp/file' })
    taroMock.openDocument.mockClear()
    const { container } = render(<PublicFiles disclosure={buildDisclosure({ id })} />)
    expect(buttons(container)).toEqual(['下载数据（电子表格）', '打印公示（A4纸）'])
    // Plain Chinese: no English word (it said 下载数据（Excel表格）); A4 is the paper's own name.
    expect(buttons(container).join('')).not.toMatch(/[A-Za-z]{2,}/)
    const [excel, poster] = [...container.querySelectorAll('.cw-public-files__button')]
    fireEvent.click(excel as Element)
    await flush()
    expect(String(taroMock.downloadFile.mock.calls.at(-1)?.[0].url)).toMatch(
      new RegExp(`/api/v1/disclosures/${id}/table\\.xlsx$`),
    )
    expect(taroMock.openDocument).toHaveBeenLastCalledWith({
      filePath: 'tmp/file',
      fileType: 'xlsx',
      showMenu: true,
    })
    fireEvent.click(poster as Element)
    await flush()
    expect(String(taroMock.downloadFile.mock.calls.at(-1)?.[0].url)).toMatch(
      new RegExp(`/api/v1/disclosures/${id}/poster\\.pdf\\?size=A4$`),
    )
    expect(taroMock.openDocument).toHaveBeenLastCalledWith({
      filePath: 'tmp/file',
      fileType: 'pdf',
      showMenu: true,
    })
  })

  it('should offer no table download for a retracted version, and say so when a file cannot be fetched', async () => {
    taroMock.downloadFile.mockResolvedValue({ statusCode: 404, tempFilePath: '' })
    const { container } = render(<PublicFiles disclosure={buildDisclosure({ id, status: 'retracted' })} />)
    expect(buttons(container)).toEqual(['打印公示（A4纸）'])
    fireEvent.click(container.querySelector('.cw-public-files__button') as Element)
    await flush()
    expect(container.querySelector('.cw-public-files__error')?.textContent).toBe('文件打不开，请稍后再试')
  })

  it('should put a banner at the top of a superseded version that opens the current one', async () => {
    __setRouterParams({ id })
    const next = '65f0000000000000000000d2'
    fakeBff({
      [`GET /api/v1/disclosures/${id}`]: () => ({
        status: 200,
        body: buildDisclosure({
          id,
          status: 'superseded',
          alignment: { status: 'superseded', label: '已被第2版取代', supersededBy: { id: next, version: 2 } },
        }),
      }),
      [`GET /api/v1/disclosures/${id}/versions`]: () => ({ status: 200, body: { versions: [] } }),
    })
    taroMock.redirectTo.mockClear()
    const { container } = render(<DisclosurePage />)
    await flush()
    const banner = container.querySelector('.cw-disclosure > [role="alert"]')
    expect(banner).toBe(container.querySelector('.cw-disclosure')?.firstElementChild)
    expect(banner?.textContent).toContain('这是旧版本，已被第2版取代')
    fireEvent.click(container.querySelector('.cw-disclosure__current') as Element)
    expect(taroMock.redirectTo).toHaveBeenCalledWith({ url: `/pages/disclosure/index?id=${next}` })
    expect(buttons(container as HTMLElement)).toContain('打印公示（A4纸）')
  })
})

describe('a poster scanned in WeChat', () => {
  beforeEach(resetSession)

  it('should open the item whose link WeChat passes in q', async () => {
    __setRouterParams({
      q: encodeURIComponent(`https://cunwu.example.cn/api/v1/p/${id}`),
      scancode_time: '1765000000',
    })
    fakeBff({
      [`GET /api/v1/disclosures/${id}`]: () => ({
        status: 200,
        body: buildDisclosure({ id, title: '扫码打开的公示' }),
      }),
      [`GET /api/v1/disclosures/${id}/versions`]: () => ({ status: 200, body: { versions: [] } }),
    })
    const { container } = render(<DisclosurePage />)
    await flush()
    expect(container.querySelector('.cw-disclosure__title')?.textContent).toBe('扫码打开的公示')
  })
})
