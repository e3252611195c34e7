export default definePageConfig({
  navigationBarTitleText: '与我相关',
})
