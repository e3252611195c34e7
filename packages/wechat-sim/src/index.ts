export { startWechatSim, DEFAULT_APP, type SimPayOptions, type WechatSim, type WechatSimOptions } from './sim'
export { SecurityService, DOCUMENTED_RISKY_TEST_STRING } from './wx/security'
export {
  MediaCheckService,
  pushSignature,
  type MediaCheckRecord,
  type MessagePushConfig,
} from './wx/media-check'
export { SimControl, type OutageMode, type UserRef } from './control'
export type { FaultEffect, FaultRule, LatencyRule, RateLimitRule } from './faults'
export type { SimApp, SimUser, SimUserInit } from './wx/users'
export type { LoginPolicy } from './wx/login'
export type { TokenPolicy } from './wx/tokens'
export { DEFAULT_TEMPLATES, type SentMessage, type SimTemplate, type SubscriptionState } from './wx/subscribe'
export { checkValue, keyType } from './wx/values'
export { deriveOpenid } from './wx/users'
export type { PayKeyInput, PayKeyMaterial } from './pay/keys'
export type { PayMode, SimOrder, SimRefund, TradeState } from './pay/service'
export {
  NOTIFY_RETRY_SCHEDULE_S,
  type DeliveryAttempt,
  type DeliveryOptions,
  type NotificationRecord,
  type NotifyTamper,
} from './pay/notifier'
export type { BillDifference } from './pay/bill'
export {
  buildAuthorization,
  decryptResource,
  encryptResource,
  parseAuthorization,
  requestMessage,
  responseMessage,
  rsaSign,
  rsaVerify,
} from './pay/crypto'
