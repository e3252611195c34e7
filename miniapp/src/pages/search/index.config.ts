export default definePageConfig({
  navigationBarTitleText: '搜索公开内容',
})
