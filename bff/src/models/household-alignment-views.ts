import type {
  Column,
  HouseholdAlignmentDto,
  HouseholdDiscrepancyDto,
  HouseholdGovernmentRowDto,
} from '@cunwu/domain'

// What the household alignment service derives for one household from a stored alignment; the alignment presenter
// and 与我相关 present it, so it lives in the layer both depend on.

/** One difference on a row of the household's own (values as the comparison stored them: masked, unscrubbed). */
export interface HouseholdDiscrepancyView extends Omit<HouseholdDiscrepancyDto, 'column'> {
  column: Column | null
}

/** A row of the household's own only on the government's list (cells as the comparison shows them, unscrubbed). */
export interface HouseholdGovernmentRowView extends Omit<HouseholdGovernmentRowDto, 'cells'> {
  cells: { column: Column; value: string | number }[]
}

/** Where a household's own rows differ from the government's list, and who is checking. */
export interface HouseholdAlignmentView extends Omit<
  HouseholdAlignmentDto,
  'discrepancies' | 'onlyInGovernment'
> {
  discrepancies: HouseholdDiscrepancyView[]
  onlyInGovernment: HouseholdGovernmentRowView[]
}
