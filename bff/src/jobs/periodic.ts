/**
 * Runs `pass` every `intervalMs` until stopped, never two at once: a pass still running when the next is due makes
 * that one skip. A failing pass goes to `onError` and the next runs as usual. The timer does not keep the process
 * alive.
 */
export function startPeriodic(
  intervalMs: number,
  pass: () => Promise<void>,
  onError: (err: unknown) => void,
): { stop(): void } {
  let running = false
  const timer = setInterval(() => {
    if (running) return
    running = true
    pass()
      .catch(onError)
      .finally(() => {
        running = false
      })
  }, intervalMs)
  timer.unref()
  return { stop: () => clearInterval(timer) }
}
