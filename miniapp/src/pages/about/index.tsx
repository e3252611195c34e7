import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { readQueryParam } from '@/routes'
import './index.scss'

/** About page: what 村务通 is, and the service version the home page passed in `?version=`. */
export default function AboutPage() {
  const { params } = useRouter()
  const version = readQueryParam(params.version)
  return (
    <View className="cw-about">
      <Text className="cw-about__title">村务通是什么</Text>
      <Text className="cw-about__text">村务通把村里公开的事情放在手机上，大家随时能看。</Text>
      <Text className="cw-about__text">
        村里公开的内容，会和乡镇、县里公开的同一件事放在一起对照，看是不是一致。
      </Text>
      <Text className="cw-about__text">有和您家有关的新消息，会及时告诉您。</Text>
      <Text className="cw-about__version">服务版本：{version ?? '未知'}</Text>
    </View>
  )
}
