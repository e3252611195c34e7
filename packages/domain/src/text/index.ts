export * from './invisible'
export * from './digits'
