import { useEffect, useSyncExternalStore } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import {
  AGREE_BUTTON_ID,
  answerAuthorization,
  pendingAuthorization,
  reportSheetShown,
  subscribeAuthorization,
} from '@/services/privacy-authorization'
import './index.scss'

/**
 * The consent sheet WeChat's privacy authorization needs: shown while a privacy API call waits for the user
 * (services/privacy-authorization.ts), with what the call is for (callPrivacyApi). Every page carries it through
 * PageRoot, so whichever page calls a privacy API asks with this one sheet; it renders nothing otherwise (and never
 * in H5).
 */
export function PrivacyAuthorizationSheet() {
  const pending = useSyncExternalStore(subscribeAuthorization, pendingAuthorization, pendingAuthorization)
  const waiting = pending !== null
  useEffect(() => {
    if (waiting) reportSheetShown()
  }, [waiting])
  if (!pending) return null
  return (
    <View className="cw-privacy-sheet" role="dialog" aria-modal="true" aria-label="隐私保护提示">
      <View className="cw-privacy-sheet__panel">
        <Text className="cw-privacy-sheet__title">请先同意隐私保护指引</Text>
        <Text className="cw-privacy-sheet__text">
          为了{pending.purpose}，需要您先阅读并同意《村务通用户隐私保护指引》。不同意也可以继续看公开内容。
        </Text>
        <Text className="cw-privacy-sheet__link" onClick={() => Taro.openPrivacyContract({})}>
          查看《村务通用户隐私保护指引》
        </Text>
        <View className="cw-privacy-sheet__actions">
          <Button
            className="cw-btn cw-btn--ghost cw-privacy-sheet__disagree"
            onClick={() => answerAuthorization(false)}
          >
            不同意
          </Button>
          <Button
            id={AGREE_BUTTON_ID}
            className="cw-btn cw-privacy-sheet__agree"
            openType="agreePrivacyAuthorization"
            onAgreePrivacyAuthorization={() => answerAuthorization(true)}
          >
            同意
          </Button>
        </View>
      </View>
    </View>
  )
}
