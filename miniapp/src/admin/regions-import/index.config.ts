export default definePageConfig({
  navigationBarTitleText: '导入行政区划',
})
