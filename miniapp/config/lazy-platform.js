// H5 only (see h5-loading.ts): stands in for the `platform` library, which @tarojs/taro-h5 imports for
// Taro.getDeviceInfo and getSystemInfo (brand, model, system). The library parses the browser's user agent as soon
// as it is loaded, which was part of the entry script's evaluation before the first screen, and the app never asks
// for those fields in a browser. Here the real library (through the alias `cw-platform`, which the swap does not
// touch) is loaded and parses on the first read of one of its fields; the values are the library's own.
let loaded = null

function real() {
  // A plain require: webpack bundles the library, and runs its module only when this is first called.
  if (!loaded) loaded = require('cw-platform')
  return loaded
}

const lazyPlatform = {
  parse: (ua) => real().parse(ua),
  toString: () => real().toString(),
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
  Object.defineProperty(lazyPlatform, field, { enumerable: true, get: () => real()[field] })
}

export default lazyPlatform
