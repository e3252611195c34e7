export default definePageConfig({
  navigationBarTitleText: '政府公开',
})
