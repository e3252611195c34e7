// Taro turns design px into rem on H5 and normally sizes the root font with an inline <script> in index.html.
// The BFF's Content-Security-Policy (script-src 'self') blocks inline scripts, so the same sizing runs here,
// from the bundle. The numbers mirror Taro's generated script: rootValue 40 on the 750 design width,
// clamped to 20-40px.
const ROOT_VALUE = 40
const DESIGN_WIDTH = 750
const MIN_PX = 20
const MAX_PX = 40

function applyRootFontSize(): void {
  const root = document.documentElement
  const { width, height } = root.getBoundingClientRect()
  const shorter = Math.min(...[width, height].filter((v) => v > 0))
  const size = (ROOT_VALUE * shorter) / DESIGN_WIDTH
  root.style.fontSize = `${Math.min(MAX_PX, Math.max(MIN_PX, Number.isFinite(size) ? size : MAX_PX))}px`
}

/** Sizes the H5 root font for the screen now and after every resize (rotation, split screen). */
export function installRemSizing(): void {
  applyRootFontSize()
  window.addEventListener('resize', () => {
    applyRootFontSize()
    // Some browsers report the new size only after the resize event; measure once more.
    setTimeout(applyRootFontSize, 500)
  })
}
