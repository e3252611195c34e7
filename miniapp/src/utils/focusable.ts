/**
 * A tab stop for what is drawn as a View (choices with role radio or button, a scroll region): keyboard users reach
 * it, and a long page has something focusable in its scroll region. Taro's View props do not list tabIndex, but H5
 * passes it to the element.
 */
export const focusable = { tabIndex: 0 }
