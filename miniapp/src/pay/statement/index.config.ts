export default definePageConfig({
  navigationBarTitleText: '月度财务公开',
})
