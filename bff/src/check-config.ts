// Checks the environment as the BFF reads it and exits: 0 when it is valid, 2 with the list of bad variables when
// not (config.ts). `npm start` runs it before the H5 build, so a mistake is reported at once, not after minutes.
// Usage: node --import tsx bff/src/check-config.ts
import { ConfigError, loadConfig } from './config'

try {
  loadConfig()
} catch (err) {
  if (!(err instanceof ConfigError)) throw err
  console.error(err.message)
  process.exit(2)
}
