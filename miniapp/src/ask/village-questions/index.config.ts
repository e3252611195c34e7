export default definePageConfig({ navigationBarTitleText: '村民留言' })
