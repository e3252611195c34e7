export default definePageConfig({
  navigationBarTitleText: '集体收费',
})
