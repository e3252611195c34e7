export default definePageConfig({
  navigationBarTitleText: '入村邀请码',
})
