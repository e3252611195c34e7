/** Stable codes of the errors readTableFile throws; messages may change, codes do not. */
export const TableFileErrorCode = {
  /** Not an .xlsx or .csv file (an old .xls, a PDF, a photo…). */
  UnsupportedFileType: 'unsupported_file_type',
  /** Larger than the size limit. */
  FileTooLarge: 'file_too_large',
  /** Claims to be .xlsx or .csv but cannot be parsed (damaged, encrypted, empty). */
  UnreadableFile: 'unreadable_file',
  /** More rows or cells than the import accepts. */
  TooManyRows: 'too_many_rows',
  /** A sheet with values in more columns than the import accepts. */
  TooManyColumns: 'too_many_columns',
} as const

/** The advice that ends the refusal of a file Excel or WPS can repair or convert by saving it again. */
export const SAVE_AS_XLSX = '请用 Excel 或 WPS 打开后“另存为” .xlsx 格式再上传'

/** One of the stable snake_case codes of TableFileError. */
export type TableFileErrorCodeValue = (typeof TableFileErrorCode)[keyof typeof TableFileErrorCode]

/** A file the importer refuses, with a stable code and a message for the secretary in plain Chinese. */
export class TableFileError extends Error {
  readonly code: TableFileErrorCodeValue

  constructor(code: TableFileErrorCodeValue, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'TableFileError'
    this.code = code
  }
}

/**
 * A sheet passed a row or column limit while it was read, or the workbook's shared-strings table held more strings
 * than its sheets could use; readTableFile turns it into a TableFileError.
 */
export class SheetLimitError extends Error {
  constructor(
    readonly limit: 'rows' | 'columns' | 'strings',
    readonly sheet: string,
  ) {
    super(`${limit} limit passed in ${sheet}`)
    this.name = 'SheetLimitError'
  }
}
