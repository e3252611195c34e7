export * from './roles'
export * from './auth'
export * from './memberships'
export * from './notifications'
