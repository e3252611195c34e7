export * from './code'
export * from './region'
export * from './csv'
export * from './demo'
