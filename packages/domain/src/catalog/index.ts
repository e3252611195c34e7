export * from './schema'
export * from './catalog'
export * from './period'
