export default definePageConfig({
  navigationBarTitleText: '对照详情',
})
