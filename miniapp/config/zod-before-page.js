// H5 production build only (config/index.ts): a webpack loader for the page modules, except the home, that puts an
// import of zod-install.js before the page's own imports, so zod loads with the page and is installed before the
// page's code runs (lazy-zod.js says why).
const INSTALL = require.resolve('./zod-install.js')

module.exports = function zodBeforePage(source, inputSourceMap) {
  // On the first line, so the source map's lines stay where they were.
  this.callback(null, `import ${JSON.stringify(INSTALL)};${source}`, inputSourceMap)
}
