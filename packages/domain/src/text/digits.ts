/** Full-width digits (０-９, as Chinese input methods type them) as the ASCII digits they are; nothing else changes. */
export function halfWidthDigits(text: string): string {
  return text.replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
}
