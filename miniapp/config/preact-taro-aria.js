// Runs before the app in the Preact H5 build (config/index.ts prepends it to the entry). Taro's React wrappers of
// its components (@tarojs/components/lib/react, attachProps) copy every prop onto the element as a property and
// write an attribute only for strings. Under React, react-dom then writes the attribute of a boolean or number too;
// Preact instead assigns the property when the element has one, and after the first render it does (the copy), so
// aria-pressed={true}, aria-expanded, aria-valuenow={100}… would keep their first value in the DOM. ARIA attributes
// are strings by definition (WAI-ARIA 1.2, §6.2 "Characteristics of States and Properties", value types), so here
// every aria-* prop becomes a string (which attachProps writes) and an unset one is left out (which attachProps
// removes), as react-dom would render them.
import { options } from 'preact'

const previous = options.vnode
options.vnode = (vnode) => {
  const props = vnode.props
  if (props !== null && typeof props === 'object') {
    for (const name in props) {
      if (name.length > 5 && name.startsWith('aria-')) {
        const value = props[name]
        if (value === null || value === undefined) delete props[name]
        else if (typeof value !== 'string') props[name] = String(value)
      }
    }
  }
  if (previous) previous(vnode)
}
