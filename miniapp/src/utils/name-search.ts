/**
 * Finding a region in a long list by typing part of its name (the compliance dashboard's villages, the staff home's
 * list): spaces are ignored, so 枫 林 finds 枫林村委会; nothing typed keeps the whole list, in its order.
 */
export function namesContaining<T extends { name: string }>(items: readonly T[], typed: string): T[] {
  const words = typed.replace(/\s+/g, '')
  return words === '' ? [...items] : items.filter((i) => i.name.replace(/\s+/g, '').includes(words))
}
