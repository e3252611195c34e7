import Taro from '@tarojs/taro'
import { getDemoLoginCode, signInWithCode } from '@/services/api/auth'
import { saveTokens } from '@/services/session'

/** Signs in inside WeChat: `Taro.login()` gives a one-time code, the BFF trades it for tokens. */
export async function signInWithWechat(): Promise<void> {
  const { code } = await Taro.login()
  saveTokens(await signInWithCode(code))
}

/** Signs in as a demo person in H5 development builds, where the simulator stands in for `wx.login`. */
export async function signInAsDemoUser(userKey: string): Promise<void> {
  const code = await getDemoLoginCode(userKey)
  saveTokens(await signInWithCode(code))
}
