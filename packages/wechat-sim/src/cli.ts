// Runs the WeChat simulator standalone: npx tsx packages/wechat-sim/src/cli.ts --port 9100 [--host 127.0.0.1]
//   [--time-scale 1] [--mode certificate|public_key] [--config-out sim-config.json]
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { startWechatSim } from './sim'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.WECHAT_SIM_PORT ?? '9100' },
    host: { type: 'string', default: '127.0.0.1' },
    'time-scale': { type: 'string', default: '1' },
    mode: { type: 'string', default: 'certificate' },
    'config-out': { type: 'string' },
  },
})

const mode = values.mode === 'public_key' ? 'public_key' : 'certificate'
const sim = await startWechatSim({
  port: Number(values.port),
  host: values.host,
  timeScale: Number(values['time-scale']),
  pay: { mode, downloadUrlBase: 'sim' },
})
const keys = sim.control.payKeys()
const config = {
  baseUrl: sim.baseUrl,
  payBaseUrl: sim.payBaseUrl,
  apps: sim.control.apps(),
  pay: { ...keys, mode },
}
if (values['config-out']) writeFileSync(values['config-out'], JSON.stringify(config, null, 2))

const lines = [
  `WeChat simulator listening on ${sim.baseUrl}`,
  `  api.weixin.qq.com  -> ${sim.baseUrl}  (jscode2session, stable_token, token, getuserphonenumber, subscribe/send)`,
  `  api.mch.weixin.qq.com -> ${sim.payBaseUrl}  (v3 jsapi, query, close, refunds, tradebill, billdownload, certificates)`,
  `  apps: ${config.apps.map((a) => `${a.appid} (secret ${a.secret})`).join(', ')}`,
  `  pay: mchid ${keys.mchid}, mode ${mode}, merchant serial ${keys.merchantSerial}`,
  `       platform serial ${keys.platformSerial}, public key id ${keys.publicKeyId}, APIv3 key ${keys.apiV3Key}`,
  `  dev: POST /__sim/login-code {userKey}  POST /__sim/phone-code {userKey}  POST /__sim/subscribe {userKey,templateIds}`,
  `       GET /__sim/pay?prepay_id=…  (H5 pay page)  GET /__sim/config (all key material as JSON)`,
]
console.log(lines.join('\n'))

const shutdown = (): void => {
  void sim.stop().then(() => process.exit(0))
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
