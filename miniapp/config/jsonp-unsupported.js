// Stands in for jsonp-retry, which @tarojs/taro-h5 imports for Taro.request({ jsonp }) (see h5-loading.ts). The app
// never asks for JSONP (every call goes to the same-origin BFF as JSON), so the H5 build leaves the library out; a
// JSONP request fails plainly instead of loading scripts from another origin.
export default function jsonpUnsupported() {
  return Promise.reject(new Error('JSONP is not part of this H5 build'))
}
