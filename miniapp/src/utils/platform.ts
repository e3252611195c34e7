/**
 * Whether this build runs in a browser (H5) rather than inside WeChat. Taro replaces `process.env.TARO_ENV`
 * with the build target at compile time, so this is the one place in the app that reads it.
 */
export function isH5(): boolean {
  // eslint-disable-next-line no-restricted-properties
  return process.env.TARO_ENV === 'h5'
}
