// H5 only (see h5-loading.ts): Taro's previewImage, loaded the first time an image is opened. It brings the Swiper
// library with it (about 50 KB brotli), which the pages that merely might show an image need not download.
export function previewImage(options) {
  return import(/* webpackChunkName: "preview-image" */ 'cw-taro-preview-image').then((module) =>
    module.previewImage(options),
  )
}
