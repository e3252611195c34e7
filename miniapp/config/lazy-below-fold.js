// H5 only (see h5-loading.ts): stands in for src/pages/disclosure/below-fold.ts. Each part renders nothing until the
// chunk with the real parts (through the alias `cw-disclosure-below-fold`, which the swap does not touch) has
// loaded; the first part to mount starts the load, after the page's first render. They sit below the first screen,
// so nothing on it moves when they appear.
import { createElement, useEffect, useState } from 'react'

let parts = null
let loading = null

// After the frame that shows the page's first screen has been painted (the next frame's callback, then a task), so
// neither the chunk's download nor its evaluation comes before that paint.
function afterPaint() {
  return new Promise((resolve) =>
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0))),
  )
}

function loadParts() {
  if (!loading) {
    loading = afterPaint()
      .then(() => import(/* webpackChunkName: "disclosure-below-fold" */ 'cw-disclosure-below-fold'))
      .then((module) => {
        parts = module
        return module
      })
  }
  return loading
}

function lazyPart(name) {
  function LazyPart(props) {
    const [loaded, setLoaded] = useState(parts)
    useEffect(() => {
      let live = true
      if (!loaded) void loadParts().then((module) => live && setLoaded(module))
      return () => {
        live = false
      }
    }, [loaded])
    return loaded ? createElement(loaded[name], props) : null
  }
  LazyPart.displayName = `Lazy(${name})`
  return LazyPart
}

export const DisclosureQuestions = lazyPart('DisclosureQuestions')
export const GuideLinks = lazyPart('GuideLinks')
export const SubscribeButton = lazyPart('SubscribeButton')
export const VersionList = lazyPart('VersionList')
export const WithdrawAttachment = lazyPart('WithdrawAttachment')
