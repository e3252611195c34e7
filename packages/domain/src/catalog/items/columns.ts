import type { Column } from '../table-schema'

/**
 * Column builders shared by the table schemas, so every roster treats names, ID, bank and phone numbers the
 * same way. Policies follow docs/catalog.md §3: 低保 notices show only 申请人姓名、家庭成员数量、保障金额
 * (民发〔2021〕57号 第24条), ID and bank numbers are never shown in full, and nothing unrelated is published.
 */

/** Person or household head name: public on rosters, identifies the household. */
export function nameColumn(label: string, key = 'name'): Column {
  return { key, label, type: 'text', required: true, policy: 'public', identifiesHousehold: true }
}

/** 居民身份证号: kept for alignment and the household view, never public (also tells the age for minor rules). */
export const idNumberColumn: Column = {
  key: 'id_number',
  label: '身份证号码',
  type: 'id_number',
  required: false,
  policy: 'never_public',
  identifiesHousehold: true,
  note: 'Never on public notices (docs/catalog.md §3; 低保 field lists contain no ID)',
}

/** 户号: identifies the household for 与我相关; not public. */
export const householdNoColumn: Column = {
  key: 'household_no',
  label: '户号',
  type: 'household_no',
  required: false,
  policy: 'never_public',
  identifiesHousehold: true,
}

/** 银行卡/社保卡（一卡通）账号: never public. */
export const bankAccountColumn: Column = {
  key: 'bank_account',
  label: '发放账号（一卡通）',
  type: 'bank_account',
  required: false,
  policy: 'never_public',
}

/** Personal phone number: never public. */
export const phoneColumn: Column = {
  key: 'phone',
  label: '联系电话',
  type: 'phone',
  required: false,
  policy: 'never_public',
}

/** 村民小组: where in the village the household lives; public (it is how boards group names). */
export const groupColumn: Column = {
  key: 'group',
  label: '村民小组',
  type: 'text',
  required: false,
  policy: 'public',
}

/** Number of household members (家庭成员数量). */
export const householdSizeColumn: Column = {
  key: 'household_size',
  label: '家庭成员数量',
  type: 'integer',
  required: true,
  policy: 'public',
  unit: '人',
  total: true,
}

/** An amount in fen that is totalled. */
export function amountColumn(label: string, key = 'amount', required = true): Column {
  return { key, label, type: 'amount_fen', required, policy: 'public', total: true }
}

/** A public free-text column. */
export function textColumn(key: string, label: string, required = false): Column {
  return { key, label, type: 'text', required, policy: 'public' }
}

/** A public date column. */
export function dateColumn(key: string, label: string, required = false): Column {
  return { key, label, type: 'date', required, policy: 'public' }
}

/** Remarks: public free text (the presenter scrubs personal numbers from it). */
export const remarkColumn: Column = textColumn('remark', '备注')
