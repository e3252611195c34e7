// DOM stand-ins for @tarojs/components: each mini-program tag becomes the closest HTML tag, keeping
// className, click handlers and aria/data attributes so tests can query what the user sees.
import { createElement, type ReactNode } from 'react'

interface MockProps {
  children?: ReactNode
  className?: string
  onClick?: () => void
  onInput?: (event: { detail: { value: string } }) => void
  [prop: string]: unknown
}

function pickDomProps(props: MockProps): Record<string, unknown> {
  const dom: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(props)) {
    if (
      ['className', 'onClick', 'id', 'role', 'src', 'value', 'placeholder', 'disabled', 'style'].includes(key)
    )
      dom[key] = value
    else if (key.startsWith('data-') || key.startsWith('aria-')) dom[key] = value
  }
  return dom
}

function make(tag: string, name: string) {
  const Component = ({ children, ...props }: MockProps) =>
    createElement(tag, { ...pickDomProps(props), 'data-taro': name }, children)
  Component.displayName = name
  return Component
}

export const View = make('div', 'View')
export const Text = make('span', 'Text')
/**
 * Taro's Button. With open-type agreePrivacyAuthorization, WeChat reports a tap through
 * onAgreePrivacyAuthorization (after its own check); here a click does the same.
 */
export function Button({ children, openType, onAgreePrivacyAuthorization, ...props }: MockProps) {
  const dom = pickDomProps(props)
  if (typeof openType === 'string') dom['data-open-type'] = openType
  if (openType === 'agreePrivacyAuthorization' && typeof onAgreePrivacyAuthorization === 'function') {
    dom.onClick = () => {
      props.onClick?.()
      onAgreePrivacyAuthorization()
    }
  }
  return createElement('button', { ...dom, 'data-taro': 'Button' }, children)
}
export const Image = make('img', 'Image')
export const ScrollView = make('div', 'ScrollView')

/**
 * Taro's Textarea reports typing like Input does. Its `maxlength` (140 when not given, -1 for none) is kept as
 * `data-maxlength`: a textarea that cuts typed text is something a test can see.
 */
export function Textarea({ onInput, maxlength, ...props }: MockProps) {
  return createElement('textarea', {
    ...pickDomProps(props),
    'data-taro': 'Textarea',
    'data-maxlength': maxlength === undefined ? 140 : maxlength,
    onChange: (e: { target: { value: string } }) => onInput?.({ detail: { value: e.target.value } }),
  })
}

/**
 * Taro's Input reports typing as `onInput({ detail: { value } })`; here a DOM change event does the same. Its
 * `maxlength` (140 when not given) is kept as `data-maxlength`, as the Textarea's.
 */
export function Input({ onInput, maxlength, ...props }: MockProps) {
  return createElement('input', {
    ...pickDomProps(props),
    'data-taro': 'Input',
    'data-maxlength': maxlength === undefined ? 140 : maxlength,
    onChange: (e: { target: { value: string } }) => onInput?.({ detail: { value: e.target.value } }),
  })
}
