// DOM stand-ins for @tarojs/components: each mini-program tag becomes the closest HTML tag, keeping
// className, click handlers and aria/data attributes so tests can query what the user sees.
import { createElement, type ReactNode } from 'react'

interface MockProps {
  children?: ReactNode
  className?: string
  onClick?: () => void
  [prop: string]: unknown
}

function pickDomProps(props: MockProps): Record<string, unknown> {
  const dom: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(props)) {
    if (key === 'className' || key === 'onClick' || key === 'id' || key === 'role') dom[key] = value
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
export const Button = make('button', 'Button')
export const Image = make('img', 'Image')
export const ScrollView = make('div', 'ScrollView')
