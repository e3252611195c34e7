export default definePageConfig({
  navigationBarTitleText: '跨村核查',
})
