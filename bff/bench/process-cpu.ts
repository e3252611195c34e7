import fs from 'node:fs'

/**
 * CPU ms (user + system) used so far by the process `pid` and each of its descendants, read from /proc, each with the
 * CPU of its children that have ended (espeak-ng and lame, started and ended per synthesis, count under the speech
 * host).
 */
export function treeCpu(pid: number): Map<number, { ms: number; command: string }> {
  const out = new Map<number, { ms: number; command: string }>()
  if (!fs.existsSync('/proc/self/stat')) return out
  const tick = 1000 / 100 // USER_HZ is 100 on Linux
  const stats = fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      try {
        const text = fs.readFileSync(`/proc/${d}/stat`, 'utf8')
        const rest = text.slice(text.lastIndexOf(')') + 2).split(' ')
        const command = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').replaceAll('\0', ' ')
        return [
          {
            pid: Number(d),
            ppid: Number(rest[1]),
            ms: (Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14])) * tick,
            command,
          },
        ]
      } catch {
        return []
      }
    })
  const wanted = new Set([pid])
  for (let grew = true; grew;) {
    grew = false
    for (const s of stats)
      if (wanted.has(s.ppid) && !wanted.has(s.pid)) {
        wanted.add(s.pid)
        grew = true
      }
  }
  for (const s of stats) if (wanted.has(s.pid)) out.set(s.pid, { ms: s.ms, command: s.command })
  return out
}
