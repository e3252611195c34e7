export default definePageConfig({ navigationBarTitleText: '提问或提异议' })
