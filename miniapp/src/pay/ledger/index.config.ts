export default definePageConfig({
  navigationBarTitleText: '村级账目',
})
