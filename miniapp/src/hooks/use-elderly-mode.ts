import { useEffect, useState } from 'react'
import { ELDERLY_CLASS, isElderlyMode, onElderlyModeChange } from '@/services/elderly-mode'

/**
 * Whether 长辈模式 is on, kept current when the person switches it, and the class for a page's root view (weapp
 * has no shared root element, so each page's root carries it; in H5 it is also on <html>).
 */
export function useElderlyMode(): { on: boolean; rootClass: string } {
  const [on, setOn] = useState(isElderlyMode)
  useEffect(() => onElderlyModeChange(setOn), [])
  return { on, rootClass: on ? ELDERLY_CLASS : '' }
}
