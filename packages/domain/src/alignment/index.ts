export * from './badge'
export * from './differences'
