export * from './validate'
export * from './row-diff'
