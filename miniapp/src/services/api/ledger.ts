import { z } from 'zod'
import {
  FinanceStatementDtoSchema,
  FinanceStatementStatusDtoSchema,
  LedgerEntryBookedDtoSchema,
  LedgerEntryDtoSchema,
  ReconciliationDtoSchema,
  VoucherDtoSchema,
  type FinanceStatementDto,
  type FinanceStatementStatusDto,
  type LedgerEntryBookedDto,
  type LedgerEntryCreateSchema,
  type LedgerEntryDto,
  type LedgerSection,
  type ReconciliationDto,
  type VoucherDto,
} from '@cunwu/domain'
import Taro from '@tarojs/taro'
import { ApiError, apiUrl, currentAuthToken, request } from '@/services/request'
import { uploadFile, type PickedFile } from '@/services/upload'
import { isH5 } from '@/utils/platform'

const enc = encodeURIComponent

/** A ledger entry as the secretary types it (fields with server defaults may be left out). */
export type LedgerEntryInput = z.input<typeof LedgerEntryCreateSchema>

const EntriesSchema = z.object({ entries: z.array(LedgerEntryDtoSchema) })
const ReportsSchema = z.object({ reconciliations: z.array(ReconciliationDtoSchema) })

/** Lists a village's ledger entries, optionally of one month (YYYY-MM) and one section (village staff). */
export async function listLedger(
  villageCode: string,
  filter: { month?: string; section?: LedgerSection } = {},
): Promise<LedgerEntryDto[]> {
  const { entries } = await request(`/api/v1/villages/${enc(villageCode)}/ledger`, {
    query: { month: filter.month, section: filter.section },
    schema: EntriesSchema,
  })
  return entries
}

/** Adds an entry typed in by the secretary; `warning` says when its month's statement is already public. */
export function createLedgerEntry(villageCode: string, req: LedgerEntryInput): Promise<LedgerEntryBookedDto> {
  return request(`/api/v1/villages/${enc(villageCode)}/ledger`, {
    method: 'POST',
    body: req,
    schema: LedgerEntryBookedDtoSchema,
  })
}

/** Corrects a wrong entry (冲销): books the opposite amount, linked to it (the village's secretary). */
export function reverseLedgerEntry(
  villageCode: string,
  entryId: string,
  reason: string,
): Promise<LedgerEntryBookedDto> {
  return request(`/api/v1/villages/${enc(villageCode)}/ledger/${enc(entryId)}/reverse`, {
    method: 'POST',
    body: { reason },
    schema: LedgerEntryBookedDtoSchema,
  })
}

/** Where the month's statement stands against the ledger (drafted, public, changed since). */
export function getStatementStatus(villageCode: string, month: string): Promise<FinanceStatementStatusDto> {
  return request(`/api/v1/villages/${enc(villageCode)}/finance-statements/${enc(month)}`, {
    schema: FinanceStatementStatusDtoSchema,
  })
}

/** Uploads a scanned voucher (photo or PDF) through the shared upload service; its id goes on an entry. */
export function uploadVoucher(villageCode: string, file: PickedFile): Promise<VoucherDto> {
  return uploadFile(`/api/v1/villages/${enc(villageCode)}/ledger/vouchers`, file, {
    schema: VoucherDtoSchema,
  })
}

/**
 * Opens a ledger entry's scanned voucher for those who read the ledger (staff): fetched with the sign-in, never kept.
 * Photos open in the image viewer, PDFs in WeChat's reader (H5: a new tab).
 */
export async function openVoucher(villageCode: string, fileId: string): Promise<void> {
  const url = apiUrl(`/api/v1/villages/${enc(villageCode)}/ledger/vouchers/${enc(fileId)}`)
  const token = await currentAuthToken()
  const header: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {}
  if (isH5()) {
    const res = await fetch(url, { headers: header })
    if (!res.ok) throw new ApiError(res.status, 'download_failed', '凭证打不开，请稍后再试')
    const blob = await res.blob()
    const local = URL.createObjectURL(blob)
    if (blob.type.startsWith('image/')) await Taro.previewImage({ urls: [local], current: local })
    else window.open(local, '_blank', 'noopener')
    return
  }
  const { tempFilePath, statusCode } = await Taro.downloadFile({ url, header })
  if (statusCode !== 200) throw new ApiError(statusCode, 'download_failed', '凭证打不开，请稍后再试')
  // WeChat names the temporary file after the answer's type.
  if (/\.(jpe?g|png)$/i.test(tempFilePath)) {
    await Taro.previewImage({ urls: [tempFilePath], current: tempFilePath })
    return
  }
  await Taro.openDocument({ filePath: tempFilePath, fileType: 'pdf', showMenu: true })
}

/**
 * Drafts the month's finance statement as disclosures (income, expense) that then go through review; with a change
 * note, a corrected version of a public statement from the ledger as it is now.
 */
export function draftFinanceStatement(
  villageCode: string,
  month: string,
  changeNote?: string,
): Promise<FinanceStatementDto> {
  return request(`/api/v1/villages/${enc(villageCode)}/finance-statements`, {
    method: 'POST',
    body: changeNote ? { month, changeNote } : { month },
    schema: FinanceStatementDtoSchema,
  })
}

/** Lists the stored reconciliation reports, newest first (village staff). */
export async function listReconciliations(villageCode: string, month?: string): Promise<ReconciliationDto[]> {
  const { reconciliations } = await request(`/api/v1/villages/${enc(villageCode)}/reconciliations`, {
    query: { month },
    schema: ReportsSchema,
  })
  return reconciliations
}

/** Compares WeChat Pay's trade bill of one day (YYYY-MM-DD) with the village's orders and ledger. */
export function runReconciliation(villageCode: string, date: string): Promise<ReconciliationDto> {
  return request(`/api/v1/villages/${enc(villageCode)}/reconciliations`, {
    method: 'POST',
    body: { date },
    schema: ReconciliationDtoSchema,
  })
}
