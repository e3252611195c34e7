export * from './validate'
