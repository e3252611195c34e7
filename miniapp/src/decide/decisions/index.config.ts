export default definePageConfig({
  navigationBarTitleText: '村里议事',
})
