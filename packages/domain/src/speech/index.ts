export * from './numbers'
export * from './script'
export * from './schema'
