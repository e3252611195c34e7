import { z } from 'zod'

/**
 * Zod schemas and types of the tables a catalog item publishes (rosters, statements, lists): the column types,
 * each column's privacy policy in the public view and the rules those policies must obey, and the rule that
 * keeps rows about minors out of the public view.
 */

/** Value type of a table column. */
export const ColumnTypeSchema = z
  .enum([
    'text',
    'integer',
    'decimal',
    'amount_fen',
    'date',
    'id_number',
    'phone',
    'bank_account',
    'household_no',
    'enum',
    'boolean',
  ])
  .describe(
    'text; integer; decimal (e.g. area in 亩); amount_fen integer fen (1 元 = 100 分); date YYYY-MM-DD in Asia/Shanghai; id_number 18-digit 居民身份证号; phone; bank_account 银行卡/一卡通账号; household_no 户号; enum (see enumValues); boolean',
  )
export type ColumnType = z.infer<typeof ColumnTypeSchema>

/** Privacy policy of a column in the public view. */
export const ColumnPolicySchema = z
  .enum(['public', 'masked', 'never_public'])
  .describe('public: shown as-is; masked: shown masked by type; never_public: dropped from the public view')
export type ColumnPolicy = z.infer<typeof ColumnPolicySchema>

/** Column types that hold a number that identifies a person and must never be public in full. */
export const SENSITIVE_NUMBER_TYPES: readonly ColumnType[] = ['id_number', 'phone', 'bank_account']

/** Column types that have a masked form; `masked` is only allowed on these. */
export const MASKABLE_TYPES: readonly ColumnType[] = [
  'text',
  'date',
  'id_number',
  'phone',
  'bank_account',
  'household_no',
]

const NUMERIC_TYPES: readonly ColumnType[] = ['integer', 'decimal', 'amount_fen']

/** One column of a roster or statement table. */
export const ColumnSchema = z
  .object({
    key: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/, 'expected snake_case ASCII')
      .describe('Stable snake_case key of the cell in a row'),
    label: z.string().min(1).describe('Column label shown to villagers (Simplified Chinese)'),
    type: ColumnTypeSchema,
    required: z.boolean().describe('Whether every row must have a value'),
    policy: ColumnPolicySchema,
    identifiesHousehold: z
      .boolean()
      .optional()
      .describe(
        'Identifies the household (与我相关, alignment matching): name, id_number, household_no. @default false',
      ),
    total: z
      .boolean()
      .optional()
      .describe('A numeric column whose values are summed into a total. @default false'),
    unit: z.string().min(1).optional().describe('Unit shown after the value, e.g. 亩, 人'),
    negative: z
      .boolean()
      .optional()
      .describe(
        'An amount column that may hold negative amounts (a 红字冲销 line of a finance statement); imports refuse negative amounts elsewhere. @default false',
      ),
    enumValues: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('Allowed values of an enum column (required for enum, forbidden otherwise)'),
    note: z.string().min(1).optional().describe('Why the column is there or where its policy comes from'),
  })
  .superRefine((c, ctx) => {
    if ((c.type === 'enum') !== (c.enumValues !== undefined)) {
      ctx.addIssue({ code: 'custom', message: 'enumValues is required for enum columns and only for them' })
    }
    if (c.negative === true && !NUMERIC_TYPES.includes(c.type)) {
      ctx.addIssue({ code: 'custom', message: 'only numeric columns can be negative' })
    }
    if (c.total === true && !NUMERIC_TYPES.includes(c.type)) {
      ctx.addIssue({ code: 'custom', message: 'only numeric columns can be totalled' })
    }
    if (c.policy === 'masked' && !MASKABLE_TYPES.includes(c.type)) {
      ctx.addIssue({ code: 'custom', message: `type ${c.type} has no masked form` })
    }
    if (c.policy === 'public' && SENSITIVE_NUMBER_TYPES.includes(c.type)) {
      ctx.addIssue({ code: 'custom', message: `${c.type} columns are never public in full` })
    }
  })
  .describe('Table column')
export type Column = z.infer<typeof ColumnSchema>

/** Rule that keeps rows about minors out of the public view. */
export const MinorRuleSchema = z
  .object({
    adultAge: z
      .number()
      .int()
      .positive()
      .describe('Age from which a person is an adult (18 under 未成年人保护法)'),
    columns: z
      .array(z.string().min(1))
      .min(1)
      .describe(
        'Columns that tell the age: id_number (birth date in digits 7-14), date (birth date) or boolean (true = the row is about a minor)',
      ),
  })
  .describe('A row is dropped from the public view when any listed column shows the person is under adultAge')
export type MinorRule = z.infer<typeof MinorRuleSchema>

/** Table a disclosure publishes (roster 名单/名册, statement 明细账, list 清单). */
export const TableSchemaSchema = z
  .object({
    kind: z
      .enum(['roster', 'statement', 'list'])
      .describe(
        'roster: one row per person or household; statement: account lines; list: projects, funds or policies',
      ),
    title: z.string().min(1).describe('Table title shown to villagers'),
    columns: z.array(ColumnSchema).min(1),
    minorRule: MinorRuleSchema.nullable().describe(
      'How rows about minors are recognised; null when a table is never about persons',
    ),
    provenance: z
      .enum(['source', 'designed'])
      .describe(
        'source: the columns are listed in the cited rule; designed: no official field list was found, columns are our design (see note)',
      ),
    note: z.string().min(1).optional().describe('Where the columns come from and what is unknown'),
  })
  .superRefine((t, ctx) => {
    const keys = new Set<string>()
    for (const c of t.columns) {
      if (keys.has(c.key)) ctx.addIssue({ code: 'custom', message: `duplicate column key ${c.key}` })
      keys.add(c.key)
    }
    for (const key of t.minorRule?.columns ?? []) {
      const column = t.columns.find((c) => c.key === key)
      if (!column) {
        ctx.addIssue({ code: 'custom', message: `minorRule column ${key} does not exist` })
      } else if (column.type !== 'id_number' && column.type !== 'date' && column.type !== 'boolean') {
        ctx.addIssue({
          code: 'custom',
          message: `minorRule column ${key} must be id_number, date or boolean`,
        })
      }
    }
    if (t.provenance === 'designed' && t.note === undefined) {
      ctx.addIssue({ code: 'custom', message: 'a designed table must say why in note' })
    }
  })
  .describe('Table schema with a privacy policy per column')
export type TableSchema = z.infer<typeof TableSchemaSchema>
