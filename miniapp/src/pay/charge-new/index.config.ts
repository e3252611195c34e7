export default definePageConfig({
  navigationBarTitleText: '新建收费',
})
