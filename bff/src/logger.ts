import pino from 'pino'
import type { Logger } from 'pino'
import type { Config } from './config'

export type { Logger }

/** Creates the process logger; secrets are redacted wherever they might appear. */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>): Logger {
  return pino({
    level: config.LOG_LEVEL,
    base: { service: 'cunwu-bff' },
    redact: {
      paths: [
        'req.headers.authorization',
        '*.password',
        '*.secret',
        '*.session_key',
        '*.apiV3Key',
        '*.privateKey',
        '*.merchantPrivateKeyPem',
        '*.WECHAT_PAY_PRIVATE_KEY',
        '*.WECHAT_PAY_APIV3_KEY',
        'WECHAT_PAY_PRIVATE_KEY',
        'WECHAT_PAY_APIV3_KEY',
      ],
      censor: '[redacted]',
    },
  })
}
