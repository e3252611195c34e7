export * from './badge'
