export * from './figure'
export * from './extract'
export * from './compared'
