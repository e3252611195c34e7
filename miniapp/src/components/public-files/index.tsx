import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { DisclosureDto } from '@cunwu/domain'
import { isPublicDisclosureStatus } from '@cunwu/domain'
import { apiUrl } from '@/services/request'
import { isH5 } from '@/utils/platform'
import './index.scss'

/**
 * Opens a public file of the BFF: in a browser a new tab (the browser downloads or shows it); in WeChat the file is
 * downloaded and opened in WeChat's document reader, from which it can be shared or printed.
 */
export async function openPublicFile(path: string, fileType: 'pdf' | 'xlsx'): Promise<void> {
  const url = apiUrl(path)
  if (isH5()) {
    window.open(url, '_blank', 'noopener')
    return
  }
  const { statusCode, tempFilePath } = await Taro.downloadFile({ url })
  if (statusCode !== 200) throw new Error(`download ${statusCode}`)
  await Taro.openDocument({ filePath: tempFilePath, fileType, showMenu: true })
}

/** 下载数据 and 打印公示 under a public disclosure: the table as Excel, the notice-board poster as PDF. */
export function PublicFiles({ disclosure: d }: { disclosure: DisclosureDto }) {
  const [failed, setFailed] = useState(false)
  const open = (path: string, type: 'pdf' | 'xlsx') => {
    setFailed(false)
    void openPublicFile(path, type).catch(() => setFailed(true))
  }
  // Versions whose table may be downloaded (the BFF answers 404 for the others).
  const hasTable = d.table !== null && isPublicDisclosureStatus(d.status, true)
  return (
    <View className="cw-public-files">
      {hasTable && (
        <Button
          className="cw-btn cw-btn--ghost cw-public-files__button"
          onClick={() => open(`/api/v1/disclosures/${d.id}/table.xlsx`, 'xlsx')}
        >
          下载数据（电子表格）
        </Button>
      )}
      <Button
        className="cw-btn cw-btn--ghost cw-public-files__button"
        onClick={() => open(`/api/v1/disclosures/${d.id}/poster.pdf?size=A4`, 'pdf')}
      >
        打印公示（A4纸）
      </Button>
      {failed && (
        <View role="alert">
          <Text className="cw-public-files__error">文件打不开，请稍后再试</Text>
        </View>
      )}
    </View>
  )
}
