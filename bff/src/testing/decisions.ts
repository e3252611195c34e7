/** A village decision's steps under 四议两公开 as the decision tests record them (docs/decisions.md). */

/** A vote's counts: for, against, abstaining. */
export const votes = (f: number, a = 0, ab = 0) => ({ for: f, against: a, abstain: ab })

/**
 * The four steps of a decision that passes: 提议 (the village committee), 商议 (the two committees), 审议 (the party
 * members) and 决议 by the villagers' representatives, each with its quorum met and a majority for.
 */
export const PASSING_STEPS = [
  { step: 'proposal', heldOn: '2026-11-02', bodySize: 5, present: 5, votes: votes(5), motion: '提议' },
  { step: 'discussion', heldOn: '2026-11-04', bodySize: 7, present: 7, votes: votes(6, 1), motion: '商议' },
  { step: 'review', heldOn: '2026-11-06', bodySize: 30, present: 24, votes: votes(20, 2, 2), motion: '审议' },
  {
    step: 'resolution',
    heldOn: '2026-11-10',
    meeting: 'representatives',
    bodySize: 30,
    present: 21,
    votes: votes(18, 2, 1),
    motion: '通过方案',
  },
] as const
