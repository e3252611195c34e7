import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import type { ViewProps } from '@tarojs/components'
import { PrivacyAuthorizationSheet } from '@/components/privacy-authorization'
import { useElderlyMode } from '@/hooks/use-elderly-mode'

/** Class every page's root view carries; the route walk in index.test.tsx looks for it. */
export const PAGE_ROOT_CLASS = 'cw-page-root'

/** Props of {@link PageRoot}: a View's (data-* and aria-* pass through too). */
export interface PageRootProps extends ViewProps {
  className?: string
  children?: ReactNode
}

/**
 * The root view of every page. weapp has no element shared by all pages (H5 puts the 长辈模式 class on <html>),
 * so the class must sit on each page's root: this component adds it, kept current when the person switches the
 * mode. Every page in routes.ts renders inside it (checked by index.test.tsx), so a new page cannot forget it; the
 * same holds for WeChat's privacy consent sheet, which it carries (components/privacy-authorization).
 */
export function PageRoot({ className, children, ...rest }: PageRootProps) {
  const { rootClass } = useElderlyMode()
  return (
    <View {...rest} className={[PAGE_ROOT_CLASS, className, rootClass].filter(Boolean).join(' ')}>
      {children}
      {/* WeChat's privacy consent (docs/privacy.md): on every page, so no page can call a privacy API without it. */}
      <PrivacyAuthorizationSheet />
    </View>
  )
}
