export * from './normalize'
export * from './score'
