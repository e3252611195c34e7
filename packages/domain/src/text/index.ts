export * from './invisible'
export * from './digits'
export * from './chinese-numerals'
export * from './money'
