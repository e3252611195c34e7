export default definePageConfig({
  navigationBarTitleText: '合规看板',
})
