import { act, renderHook } from '@testing-library/react'
import { deferred } from '../../test/support/fake-bff'
import { IDEMPOTENCY_KEY_PATTERN } from '@/services/idempotency'
import { useIdempotencyKey, useSubmitOnce } from './use-submit-once'

describe('useSubmitOnce', () => {
  it('should run a second call made before the first settles not at all, and take calls again after', async () => {
    const { result } = renderHook(() => useSubmitOnce())
    const held = deferred()
    const task = jest.fn(() => held.promise)
    let first: Promise<void> = Promise.resolve()
    act(() => {
      const submit = result.current.once(task)
      first = submit()
      void submit()
    })
    expect(task).toHaveBeenCalledTimes(1)
    expect(result.current.busy).toBe(true)
    held.resolve()
    await act(() => first)
    expect(result.current.busy).toBe(false)
    await act(() => result.current.once(task)())
    expect(task).toHaveBeenCalledTimes(2)
  })

  it('should take calls again after the task fails', async () => {
    const { result } = renderHook(() => useSubmitOnce())
    await act(() =>
      result.current
        .once(() => Promise.reject(new Error('offline')))()
        .catch(() => {}),
    )
    const task = jest.fn(async () => {})
    await act(() => result.current.once(task)())
    expect(task).toHaveBeenCalledTimes(1)
  })
})

describe('useIdempotencyKey', () => {
  it('should keep the key for the same content, change it for new content and after a success', () => {
    const { result } = renderHook(() => useIdempotencyKey())
    const first = result.current.keyFor({ text: '什么时候发？' })
    expect(first).toMatch(IDEMPOTENCY_KEY_PATTERN)
    expect(result.current.keyFor({ text: '什么时候发？' })).toBe(first)
    const edited = result.current.keyFor({ text: '什么时候发钱？' })
    expect(edited).not.toBe(first)
    result.current.done()
    expect(result.current.keyFor({ text: '什么时候发钱？' })).not.toBe(edited)
  })

  it('should send the body built for a key again while the content is the same', () => {
    const { result } = renderHook(() => useIdempotencyKey())
    let n = 0
    const build = () => ({ title: '村道', deadline: `t${++n}` })
    const first = result.current.prepare({ title: '村道' }, build)
    const retry = result.current.prepare({ title: '村道' }, build)
    expect(retry).toEqual(first)
    expect(retry.body.deadline).toBe('t1')
    const edited = result.current.prepare({ title: '村道硬化' }, build)
    expect(edited.key).not.toBe(first.key)
    expect(edited.body.deadline).toBe('t2')
  })

  it('should give each open form its own key', () => {
    const a = renderHook(() => useIdempotencyKey()).result.current.keyFor({ text: '同一句话' })
    const b = renderHook(() => useIdempotencyKey()).result.current.keyFor({ text: '同一句话' })
    expect(a).not.toBe(b)
  })
})
