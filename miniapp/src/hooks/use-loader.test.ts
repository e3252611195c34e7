import { act, renderHook } from '@testing-library/react'
import { deferred } from '../../test/support/fake-bff'
import { useLoader } from './use-loader'

describe('useLoader', () => {
  it('should keep the answer of the latest load when an earlier one answers last', async () => {
    const { result } = renderHook(() => useLoader<string>())
    const slow = deferred()
    let first: Promise<void> = Promise.resolve()
    act(() => {
      first = result.current.run(async () => {
        await slow.promise
        return 'old'
      })
    })
    await act(() => result.current.run(async () => 'new'))
    expect(result.current.state).toEqual({ kind: 'ready', data: 'new' })

    slow.resolve()
    await act(() => first)
    expect(result.current.state).toEqual({ kind: 'ready', data: 'new' })
  })

  it('should hold the error of a failed load, and start idle when asked', async () => {
    const { result } = renderHook(() => useLoader<string>('idle'))
    expect(result.current.state).toEqual({ kind: 'idle' })
    const failure = new Error('offline')
    await act(() => result.current.run(() => Promise.reject(failure)))
    expect(result.current.state).toEqual({ kind: 'error', error: failure })
  })
})
