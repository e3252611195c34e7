export * from './roles'
export * from './auth'
export * from './memberships'
