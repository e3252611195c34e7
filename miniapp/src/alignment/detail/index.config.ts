export default definePageConfig({
  navigationBarTitleText: '与政府公开对照',
})
