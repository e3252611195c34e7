// H5 only (see h5-loading.ts): stands in for the `platform` library, which @tarojs/taro-h5 imports for
// Taro.getDeviceInfo and getSystemInfo (brand, model, system). The library (about 6 KB brotli) parses the browser's
// user agent as soon as it is loaded, and the app never asks for those fields in a browser (elderly-mode.ts reads
// the font size only in WeChat; H5 photo picking uses a file input, not chooseMedia), so it is not in the entry: the
// first read of a field starts loading it (through the alias `cw-platform`, which the swap does not touch) in a
// chunk of its own. Until that chunk is there a field reads as null, which is what the library answers for a browser
// it does not recognise (Taro then reports 'unknown'); afterwards every value is the library's own.
let loaded = null
let loading = null

function load() {
  if (!loading) {
    loading = import(/* webpackChunkName: "platform" */ 'cw-platform')
      .then((module) => {
        loaded = module.default || module
        return loaded
      })
      .catch(() => {
        // Offline: the next read tries again.
        loading = null
      })
  }
  return loading
}

function real() {
  if (!loaded) void load()
  return loaded
}

const lazyPlatform = {
  parse: (ua) => (real() ? loaded.parse(ua) : null),
  toString: () => (real() ? loaded.toString() : ''),
}
for (const field of [
  'name',
  'version',
  'layout',
  'os',
  'product',
  'manufacturer',
  'ua',
  'description',
  'prerelease',
]) {
  Object.defineProperty(lazyPlatform, field, { enumerable: true, get: () => (real() ? loaded[field] : null) })
}

export default lazyPlatform
