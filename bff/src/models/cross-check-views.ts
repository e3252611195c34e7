/** What staff views of cross-village findings are built from: which villages the viewer may see, and their rows. */
export interface FindingDetails {
  visible: (villageCode: string) => boolean
  rows: Map<string, readonly Record<string, unknown>[]>
  names: Map<string, string>
}
