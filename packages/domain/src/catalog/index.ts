export * from './schema'
export * from './catalog'
export * from './period'
export * from './reader-view'
