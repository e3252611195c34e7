import { fireEvent, render, screen } from '@testing-library/react'
import type { RoleGrantDto } from '@cunwu/domain'
import { taroMock } from '../../../test/__mocks__/taro'
import { buildMe } from '../../../test/support/builders'
import { apiError, deferred, fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import RegionsImportPage from './index'

const admin: RoleGrantDto = { role: 'admin', regionCode: '360999000000', regionName: '云溪县' }
/** 我的 of an administrator: the page asks it first. */
const ADMIN_ME = {
  'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [admin], activeRole: admin }) }),
}

const CSV = [
  'code,name,codeYear,urbanRuralCode',
  '360999320000,新丰镇,2026,',
  '360999320201,新丰村委会,2026,220',
  '360999320202,下丰村委会,2026,220',
].join('\n')

/** A chat file as WeChat hands it over, read back through the file system manager. */
function pickChatFile(text: string, name = '新丰镇.csv') {
  taroMock.chooseMessageFile.mockResolvedValue({ tempFiles: [{ name, size: text.length, path: 'tmp/r' }] })
  taroMock.getFileSystemManager.mockReturnValue({
    readFile: ({ success }: { success: (res: { data: string }) => void }) => success({ data: text }),
  })
}

async function openPage() {
  signIn()
  const view = render(<RegionsImportPage />)
  await flush()
  return view
}

describe('RegionsImportPage', () => {
  beforeEach(resetSession)

  it('should send the chosen file, say its steps while it runs, then how many were imported', async () => {
    const hold = deferred()
    pickChatFile(CSV)
    const seen = fakeBff({
      ...ADMIN_ME,
      'POST /api/v1/regions/import': async () => {
        await hold.promise
        return { status: 200, body: { added: 3, updated: 0, unchanged: 0 } }
      },
    })
    const { container } = await openPage()
    fireEvent.click(screen.getByText('选择 CSV 文件并导入'))
    await flush()
    const progress = screen.getByRole('status').textContent ?? ''
    expect(progress).toContain('已读取新丰镇.csv，共 3 行')
    expect(progress).toContain('正在检查每一行，没有错才导入')
    expect(container.querySelector('.cw-rimport__pick')?.hasAttribute('disabled')).toBe(true)
    hold.resolve()
    await flush()
    expect(seen.find((r) => r.method === 'POST')?.body).toEqual({ csv: CSV, allowOlderCodeYear: false })
    expect(screen.getByRole('status').textContent).toContain('导入完成：新增3个，更新0个')
    expect(screen.getByRole('status').textContent).toContain('新的乡镇和村现在可以授予身份了')
  })

  it('should say a file sent again changed nothing, not that it imported every row', async () => {
    pickChatFile(CSV)
    fakeBff({
      ...ADMIN_ME,
      'POST /api/v1/regions/import': () => ({
        status: 200,
        body: { added: 0, updated: 0, unchanged: 302 },
      }),
    })
    await openPage()
    fireEvent.click(screen.getByText('选择 CSV 文件并导入'))
    await flush()
    const status = screen.getByRole('status').textContent ?? ''
    expect(status).toContain('导入完成：新增0个，更新0个，302个没有变化')
    expect(status).toContain('新丰镇.csv里的地区都和已有的一样，这次没有改动任何地区。')
    expect(status).not.toContain('授予身份了')
  })

  it('should list every bad line of a refused file and say nothing was imported', async () => {
    pickChatFile(CSV)
    fakeBff({
      ...ADMIN_ME,
      'POST /api/v1/regions/import': () =>
        apiError(400, 'validation_error', 'CSV 中有 2 处错误，未导入任何数据', {
          rows: [
            { line: 4, column: 'code', message: '区划代码重复（第3行已有）' },
            { line: 2, column: null, message: '上级地区不存在' },
          ],
        }),
    })
    await openPage()
    fireEvent.click(screen.getByText('选择 CSV 文件并导入'))
    await flush()
    const alert = screen.getByRole('alert')
    expect(alert.textContent).toContain('没有导入任何地区')
    expect(alert.textContent).toContain('有 2 处错误')
    const lines = screen.getAllByRole('listitem').map((l) => l.textContent)
    expect(lines).toEqual(['第 2 行：上级地区不存在', '第 4 行（区划代码）：区划代码重复（第3行已有）'])
  })

  it('should show a refusal in the BFF’s words, and send an older code year again only when asked', async () => {
    let call = 0
    const seen = fakeBff({
      ...ADMIN_ME,
      'POST /api/v1/regions/import': () => {
        call += 1
        if (call === 1) return apiError(403, 'forbidden', '有 1 个地区不在您的管理范围内，未导入任何数据')
        if (call === 2)
          return apiError(409, 'region_code_year_older', '文件的区划代码年份比已有的旧，未导入任何数据')
        return { status: 200, body: { added: 0, updated: 3, unchanged: 0 } }
      },
    })
    const { container } = await openPage()
    fireEvent.change(container.querySelector('.cw-rimport__paste') as Element, { target: { value: CSV } })
    fireEvent.click(screen.getByText('导入粘贴的内容'))
    await flush()
    expect(screen.getByRole('alert').textContent).toBe('有 1 个地区不在您的管理范围内，未导入任何数据')
    fireEvent.click(screen.getByText('导入粘贴的内容'))
    await flush()
    expect(screen.getByRole('alert').textContent).toContain('年份比已有的旧')
    fireEvent.click(screen.getByText('允许用旧年份覆盖，再导入一次'))
    await flush()
    const posts = seen.filter((r) => r.method === 'POST')
    expect(posts.map((r) => (r.body as { allowOlderCodeYear: boolean }).allowOlderCodeYear)).toEqual([
      false,
      false,
      true,
    ])
    expect(screen.getByRole('status').textContent).toContain('导入完成：新增0个，更新3个')
  })

  it('should refuse a file that is not UTF-8, or too large, before sending it', async () => {
    const seen = fakeBff({ ...ADMIN_ME })
    await openPage()
    pickChatFile('code,name\n\uFFFD\uFFFD')
    fireEvent.click(screen.getByText('选择 CSV 文件并导入'))
    await flush()
    expect(screen.getByRole('alert').textContent).toContain('不是 UTF-8 编码')
    pickChatFile(`${CSV}\n${'360999320203,很长的名字村委会,2026,220\n'.repeat(30_000)}`)
    fireEvent.click(screen.getByText('选择 CSV 文件并导入'))
    await flush()
    expect(screen.getByRole('alert').textContent).toContain('文件超过 1 MB')
    expect(seen.filter((r) => r.method === 'POST')).toHaveLength(0)
  })

  it('should tell someone who is not an administrator at once, without the form', async () => {
    const township: RoleGrantDto = { role: 'township', regionCode: '360999100000', regionName: '云溪镇' }
    fakeBff({
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [township], activeRole: township }) }),
    })
    const { container } = await openPage()
    expect(container.textContent).toContain('您不是系统管理员，不能导入行政区划')
    expect(container.querySelector('textarea')).toBeNull()
  })
})
