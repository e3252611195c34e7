export default definePageConfig({
  navigationBarTitleText: '新建议事事项',
})
