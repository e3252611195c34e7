export * from './invisible'
