/**
 * Working arrays kept from one compareTables call to the next. V8 counts typed-array memory as "external" and
 * starts a full garbage collection of the whole heap whenever that has grown by 64 MB since the last one.
 * Comparing a million rows takes about 70 MB of working arrays, so allocating them afresh made every such call pay
 * a full collection of the caller's heap (0.8 s with the benchmark's tables). Calls are synchronous, so one array
 * per use is enough; arrays longer than MAX_KEPT elements are not kept.
 */
const kept = new Map<string, Int32Array>()

/** 16M elements (64 MB) per array at most are kept between calls. */
const MAX_KEPT = 1 << 24

/**
 * An Int32Array of `length` for the use `name`, reused from an earlier call when one is long enough. Its contents
 * are whatever was left in it: callers fill what they read.
 */
export function int32Scratch(name: string, length: number): Int32Array {
  const known = kept.get(name)
  if (known && known.length >= length) return known.subarray(0, length)
  const fresh = new Int32Array(length)
  if (length <= MAX_KEPT) kept.set(name, fresh)
  return fresh
}
