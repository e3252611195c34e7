import { fireEvent, render } from '@testing-library/react'
import { taroMock } from '../../../test/__mocks__/taro'
import { flush, resetSession } from '../../../test/support/render'
import { RegionPosters } from './index'

const township = '360999101000'

describe('RegionPosters', () => {
  beforeEach(resetSession)

  it('should ask for a period, then download the township’s posters of the chosen list', async () => {
    taroMock.downloadFile.mockResolvedValue({ statusCode: 200, tempFilePath: '/tmp/posters.pdf' })
    const { container, getByText, getByRole } = render(<RegionPosters regionCode={township} />)
    fireEvent.click(getByText('最低生活保障对象名单'))
    fireEvent.click(getByRole('button', { name: '下载打印文件（A4纸）' }))
    await flush()
    expect(container.textContent).toContain('请填写期数')
    expect(taroMock.downloadFile).not.toHaveBeenCalled()

    const input = container.querySelector('input')
    if (!input) throw new Error('no period input')
    // As a Chinese input method types it.
    fireEvent.input(input, {
      target: { value: '２０２６年第一季度' },
      detail: { value: '２０２６年第一季度' },
    })
    fireEvent.click(getByRole('button', { name: '下载打印文件（A4纸）' }))
    await flush()
    const url = String(taroMock.downloadFile.mock.calls[0]?.[0]?.url)
    expect(url).toContain(`/api/v1/regions/${township}/posters.pdf?`)
    expect(url).toContain('catalogItemId=social-assistance.dibao.approval')
    expect(url).toContain('period=2026-Q1')
    expect(taroMock.openDocument).toHaveBeenCalledWith(expect.objectContaining({ fileType: 'pdf' }))
  })
})
