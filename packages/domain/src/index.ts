export * from './errors'
export * from './api-error'
export * from './health'
