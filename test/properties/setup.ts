import fc from 'fast-check'

// Every fast-check property runs FC_NUM_RUNS times instead of fast-check's 100 (a test's own numRuns still wins).
const runs = Number(process.env.FC_NUM_RUNS ?? 20_000)
if (!Number.isInteger(runs) || runs < 1) throw new Error('FC_NUM_RUNS must be a positive whole number')
fc.configureGlobal({ numRuns: runs })
