export * from './types'
export * from './rules'
export { runCrossChecks, periodStart } from './check'
export {
  buildScenario,
  scenarioId,
  villageCodeOf,
  SCENARIO_PERIOD,
  SCENARIO_STANDARDS,
  type Scenario,
  type ScenarioOptions,
} from './scenario'
export { linkKeysOf, exitReasonOf } from './links'
export { standardFor, type BindingStandard } from './standards'
export { explainFor } from './explain'
