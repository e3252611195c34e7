import Taro from '@tarojs/taro'
import type { PickedFile } from '@/services/upload'

/** The largest body the BFF reads (`BODY_LIMIT_BYTES`, 1 MB by default), less room for the JSON around the text. */
export const MAX_CSV_BYTES = 1024 * 1024 - 1024

/** Thrown when a picked file cannot be read as text; its message is for the admin. */
export class UnreadableFileError extends Error {
  override readonly name = 'UnreadableFileError'
}

/** Bytes the text takes as UTF-8 (what the request sends), counted without TextEncoder, which weapp lacks. */
export function utf8Bytes(text: string): number {
  let bytes = 0
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4
  }
  return bytes
}

/** Reads a picked CSV file as UTF-8 text: the browser's File in H5, the temporary file in WeChat. */
export async function readTextFile(file: PickedFile): Promise<string> {
  let text: string
  if (file.blob) {
    text = await file.blob.text()
  } else if (file.path) {
    const path = file.path
    text = await new Promise<string>((resolve, reject) => {
      Taro.getFileSystemManager().readFile({
        filePath: path,
        encoding: 'utf8',
        success: (res) => resolve(typeof res.data === 'string' ? res.data : ''),
        fail: () => reject(new UnreadableFileError('没有读取到这个文件，请重新选择')),
      })
    })
  } else {
    throw new UnreadableFileError('没有读取到这个文件，请重新选择')
  }
  // A file saved by Excel as plain CSV is in GBK, which reads as replacement characters in UTF-8.
  if (text.includes('\uFFFD'))
    throw new UnreadableFileError(
      '文件不是 UTF-8 编码：请在 Excel 里“另存为”，选“CSV UTF-8（逗号分隔）”后再选择',
    )
  return text
}
