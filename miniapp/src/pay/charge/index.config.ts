export default definePageConfig({
  navigationBarTitleText: '收费详情',
})
