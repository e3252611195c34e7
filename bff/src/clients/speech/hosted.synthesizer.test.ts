import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { BACKGROUND_NICENESS, createEspeakSynthesizer } from './espeak.synthesizer'
import type { EspeakOptions } from './espeak.synthesizer'
import { createHostedSynthesizer } from './hosted.synthesizer'
import { SpeechSynthesisError } from './speech-synthesizer'
import { walkMp3Frames } from './mp3'

const BASE: EspeakOptions = {
  espeakPath: 'espeak-ng',
  lamePath: 'lame',
  format: 'mp3',
  timeoutMs: 20_000,
  maxConcurrent: 2,
  maxQueued: 8,
}
const TEXT = '桃园村二零二六年第四季度低保对象名单，共三户，合计四千零五十一元五角。'

/** Processes whose parent is `pid`, with their command lines (Linux /proc). */
function childrenOf(pid: number): { pid: number; command: string }[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      try {
        const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8')
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
        if (ppid !== pid) return []
        return [
          { pid: Number(d), command: fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').replaceAll('\0', ' ') },
        ]
      } catch {
        return []
      }
    })
}

async function failureOf(p: Promise<unknown>): Promise<SpeechSynthesisError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(SpeechSynthesisError)
  return err as SpeechSynthesisError
}

describe('createHostedSynthesizer', () => {
  it('should answer what the in-process engine answers, from a host process that starts the programs', async () => {
    const hosted = createHostedSynthesizer(BASE)
    const local = createEspeakSynthesizer(BASE)
    expect([hosted.id, hosted.format, hosted.maxTextChars]).toEqual([
      local.id,
      local.format,
      local.maxTextChars,
    ])
    const before = childrenOf(process.pid).map((c) => c.pid)
    const [fromHost, inProcess] = await Promise.all([hosted.synthesize(TEXT), local.synthesize(TEXT)])
    expect(Buffer.isBuffer(fromHost.audio)).toBe(true)
    expect(fromHost.format).toBe('mp3')
    expect(fromHost.audio.equals(inProcess.audio)).toBe(true)
    expect(fromHost.durationMs).toBe(inProcess.durationMs)
    expect(walkMp3Frames(fromHost.audio).frames).toBeGreaterThan(10)
    // What this synthesis left among this process's children is the host, a node process: espeak-ng and lame were
    // the host's children (the in-process engine's have exited).
    const left = childrenOf(process.pid).filter((c) => !before.includes(c.pid))
    expect(left).toHaveLength(1)
    expect(left[0]?.command).toMatch(/^\S*node .*speech-host/)
  }, 60_000)

  it('should run a background synthesis’s programs in the host at the lowest priority', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'speech-host-nice-'))
    const log = path.join(dir, 'log')
    const program = path.join(dir, 'espeak.sh')
    // The real espeak-ng, once the engine had time to set its priority, recording its niceness first.
    fs.writeFileSync(program, `#!/bin/sh\nsleep 0.3\nnice >> ${log}\nexec espeak-ng "$@"\n`, { mode: 0o755 })
    const hosted = createHostedSynthesizer({ ...BASE, espeakPath: program })
    const ahead = await hosted.synthesize(TEXT, { background: true })
    const asked = await hosted.synthesize(`${TEXT}请听。`)
    expect(ahead.durationMs).toBeGreaterThan(3000)
    expect(asked.durationMs).toBeGreaterThan(3000)
    const niceness = execFileSync('cat', [log]).toString().trim().split('\n')
    expect(niceness).toEqual([String(BACKGROUND_NICENESS), String(os.getPriority())])
  }, 60_000)

  it('should pass the engine’s refusals on with their reason', async () => {
    const hosted = createHostedSynthesizer({ ...BASE, maxTextChars: 10 })
    expect((await failureOf(hosted.synthesize(TEXT))).reason).toBe('too_long')
    const missing = createHostedSynthesizer({ ...BASE, espeakPath: '/nonexistent/espeak-ng' })
    expect((await failureOf(missing.synthesize(TEXT))).reason).toBe('failed')
  }, 60_000)

  it('should fail what the host was doing when it ends, and start a new host for the next synthesis', async () => {
    const hosted = createHostedSynthesizer(BASE)
    await hosted.synthesize('第一段。')
    const before = childrenOf(process.pid)
    const running = hosted.synthesize(TEXT.repeat(20))
    expect(before.some((c) => c.command.includes('speech-host'))).toBe(true)
    // Ends every host this file started; the one of this synthesizer is among them.
    for (const c of before) if (c.command.includes('speech-host')) process.kill(c.pid, 'SIGKILL')
    expect((await failureOf(running)).reason).toBe('failed')
    const again = await hosted.synthesize(TEXT)
    expect(again.durationMs).toBeGreaterThan(3000)
  }, 60_000)
})
