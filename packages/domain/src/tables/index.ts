export * from './validate'
export * from './roster-order'
export * from './row-diff'
