export default definePageConfig({
  navigationBarTitleText: '加入本村',
})
