export * from './normalize'
export * from './match'
