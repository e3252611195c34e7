/** What staff views of cross-village findings are built from: which villages the viewer may see, and their rows. */
export interface FindingDetails {
  visible: (villageCode: string) => boolean
  rows: Map<string, readonly Record<string, unknown>[]>
  names: Map<string, string>
  /**
   * Whether a workflow step by this user is shown whole: false for an officer of other regions only (another
   * township's officer, seen by a township), whose step is shown without name or words.
   */
  stepShown: (userId: string) => boolean
}
