const pad2 = (n: number) => String(n).padStart(2, '0')

/** Formats an ISO timestamp as local "YYYY-MM-DD HH:mm:ss", or returns it unchanged when it is not a date. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  const day = `${date.getFullYear()}-${pad2(date.getMonth() + 1)}-${pad2(date.getDate())}`
  return `${day} ${pad2(date.getHours())}:${pad2(date.getMinutes())}:${pad2(date.getSeconds())}`
}
