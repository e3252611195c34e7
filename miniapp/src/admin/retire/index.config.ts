export default definePageConfig({
  navigationBarTitleText: '撤并村',
})
