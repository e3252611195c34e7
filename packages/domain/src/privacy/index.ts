export * from './id-number'
export * from './mask'
export * from './scan'
export * from './present'
