export default definePageConfig({
  navigationBarTitleText: '审核村务公开',
})
