export default definePageConfig({
  navigationBarTitleText: '关于村务通',
})
