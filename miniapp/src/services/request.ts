import Taro from '@tarojs/taro'
import { ApiErrorBodySchema, ErrorCode } from '@cunwu/domain'
import {
  forgetOffline,
  isOfflineCacheable,
  markFromCache,
  offlineCacheOwner,
  readOffline,
  saveOffline,
} from '@/services/offline-cache'
import { takeEarlyAnswer } from '@/services/early-answer'
import { schemasReady } from '@/services/schemas-ready'

/** HTTP methods the BFF exposes. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/**
 * Anything with zod's `safeParse` shape, so callers can pass a schema from @cunwu/domain without this
 * module depending on zod itself.
 */
export interface ResponseSchema<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: unknown }
}

/** Per-call options of {@link request}. */
export interface RequestOptions<T> {
  /** @default 'GET' */
  method?: HttpMethod
  /** Query string values; `undefined` entries are left out. */
  query?: Record<string, string | number | boolean | undefined>
  /** JSON body for POST/PUT/PATCH. */
  body?: unknown
  /** Validates the 2xx body; a mismatch throws ApiError instead of handing bad data to a page. */
  schema?: ResponseSchema<T>
  /** Extra headers (Authorization is added by the token getter). */
  headers?: Record<string, string>
  /** @default 15000 */
  timeoutMs?: number
  /** Send the Bearer token (and refresh it on 401 token_expired); off for sign-in and refresh calls. @default true */
  auth?: boolean
}

/** The one error type every failed request turns into. */
export class ApiError extends Error {
  override readonly name = 'ApiError'

  constructor(
    /** HTTP status, or 0 when no HTTP answer arrived (offline, DNS, timeout). */
    readonly status: number,
    /** Stable snake_case code; compare against `ErrorCode` from @cunwu/domain. */
    readonly code: string,
    message: string,
    /** The envelope's structured details (e.g. the row/column errors of table_rows_invalid), unvalidated. */
    readonly details?: unknown,
  ) {
    super(message)
  }
}

/** Returns the current access token, or nothing when signed out. */
export type AuthTokenGetter = () => string | null | undefined | Promise<string | null | undefined>

const DEFAULT_TIMEOUT_MS = 15_000

// Messages for failures that never produced a server message; pages may show them as they are.
export const MSG_OFFLINE = '网络连接失败，请检查网络后再试'
const MSG_TIMEOUT = '网络太慢，请求超时，请稍后再试'
const MSG_UNREADABLE = '服务器返回的内容无法识别'
const MSG_HTTP = '服务暂时不可用，请稍后再试'

// Used when a non-2xx answer has no error envelope (e.g. an HTML page from a proxy).
const CODE_BY_STATUS: Record<number, string> = {
  400: ErrorCode.ValidationError,
  401: ErrorCode.Unauthorized,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  405: ErrorCode.MethodNotAllowed,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  422: ErrorCode.ValidationError,
  502: ErrorCode.ServiceUnavailable,
  503: ErrorCode.ServiceUnavailable,
  504: ErrorCode.ServiceUnavailable,
}

/**
 * Called when a request sent with `usedToken` answers 401; resolves `true` when the session was repaired (e.g.
 * the tokens were refreshed) and the request should be sent once more.
 */
export type AuthFailureHandler = (error: ApiError, usedToken: string) => Promise<boolean>

let baseUrl = typeof __API_BASE__ === 'string' ? __API_BASE__ : ''
let getAuthToken: AuthTokenGetter | null = null
let onAuthFailure: AuthFailureHandler | null = null

/** Sets where requests go; '' means the page's own origin (H5 served by the BFF). */
export function setApiBaseUrl(url: string): void {
  baseUrl = url.replace(/\/+$/, '')
}

/** Installs (or with `null` removes) the hook that supplies the Bearer token for every request. */
export function setAuthTokenGetter(getter: AuthTokenGetter | null): void {
  getAuthToken = getter
}

/** Installs (or with `null` removes) the hook that may repair the session after a 401 and ask for one retry. */
export function setAuthFailureHandler(handler: AuthFailureHandler | null): void {
  onAuthFailure = handler
}

/** The full URL of a BFF path with its query string (for uploads, which do not go through {@link request}). */
export function apiUrl(path: string, query?: RequestOptions<unknown>['query']): string {
  return buildUrl(path, query)
}

/** The Bearer token the next request would carry, refreshed first when due; null when signed out. */
export async function currentAuthToken(): Promise<string | null> {
  return (getAuthToken ? await getAuthToken() : null) ?? null
}

/**
 * Turns an HTTP answer received outside {@link request} (an upload) into the same outcome: the validated 2xx
 * body, or one thrown ApiError built from the error envelope.
 */
export function readAnswer<T>(status: number, raw: unknown, schema: ResponseSchema<T>): T {
  const parsed = parseBody(raw)
  if (status < 200 || status >= 300) throw httpError(status, parsed)
  if (!parsed.ok) throw new ApiError(status, ErrorCode.NetworkError, MSG_UNREADABLE)
  const checked = schema.safeParse(parsed.value)
  if (!checked.success) throw new ApiError(status, ErrorCode.NetworkError, MSG_UNREADABLE)
  return checked.data
}

/** The ApiError for an upload that got no HTTP answer (offline, timeout). */
export function networkFailure(err: unknown): ApiError {
  return new ApiError(0, ErrorCode.NetworkError, isTimeout(err) ? MSG_TIMEOUT : MSG_OFFLINE)
}

/**
 * Null when the schemas can validate an answer now (always, except in the production H5 build before zod's chunk has
 * loaded: services/schemas-ready.ts); otherwise what to wait for, where a chunk that cannot be fetched is a network
 * failure.
 */
export function whenSchemasReady(): Promise<void> | null {
  const pending = schemasReady()
  return pending?.catch(() => Promise.reject(new ApiError(0, ErrorCode.NetworkError, MSG_OFFLINE))) ?? null
}

function pathWithQuery(path: string, query: RequestOptions<unknown>['query']): string {
  const pairs = Object.entries(query ?? {}).flatMap(([key, value]) =>
    value === undefined ? [] : [`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`],
  )
  const search = pairs.length > 0 ? `${path.includes('?') ? '&' : '?'}${pairs.join('&')}` : ''
  return `${path}${search}`
}

function buildUrl(path: string, query: RequestOptions<unknown>['query']): string {
  return `${baseUrl}${pathWithQuery(path, query)}`
}

function errMsgOf(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    if ('errMsg' in err && typeof err.errMsg === 'string') return err.errMsg
    if ('message' in err && typeof err.message === 'string') return err.message
  }
  return String(err)
}

// weapp reports "request:fail timeout"; H5 aborts its fetch, which surfaces as an AbortError.
export function isTimeout(err: unknown): boolean {
  const isAbort = typeof err === 'object' && err !== null && 'name' in err && err.name === 'AbortError'
  return isAbort || /timeout|timed out|abort/i.test(errMsgOf(err))
}

// The body is requested as text on both platforms: weapp's and H5's JSON modes disagree on what an
// unparseable body becomes (raw string vs null), so parsing here keeps one behaviour everywhere.
function parseBody(raw: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof raw !== 'string') return { ok: true, value: raw }
  if (raw.trim() === '') return { ok: true, value: undefined }
  try {
    return { ok: true, value: JSON.parse(raw) }
  } catch {
    return { ok: false }
  }
}

function httpError(status: number, body: { ok: true; value: unknown } | { ok: false }): ApiError {
  const envelope = body.ok ? ApiErrorBodySchema.safeParse(body.value) : undefined
  if (envelope?.success) {
    const { code, message, details } = envelope.data.error
    return new ApiError(status, code, message, details)
  }
  return new ApiError(status, CODE_BY_STATUS[status] ?? ErrorCode.Internal, MSG_HTTP)
}

async function send(options: Parameters<typeof Taro.request>[0]) {
  try {
    return await Taro.request<unknown>(options)
  } catch (err) {
    throw new ApiError(0, ErrorCode.NetworkError, isTimeout(err) ? MSG_TIMEOUT : MSG_OFFLINE)
  }
}

/** Where an answer is kept for offline reading: its path and the person it was asked for. */
interface KeepAs {
  path: string
  owner: string | undefined
}

// No answer came (offline, timeout) or the server could not give one: a kept copy is better than an error wall.
// A 4xx is the server's verdict on this request and is shown as it is.
function isUnreachable(err: ApiError): boolean {
  return err.status === 0 || err.status >= 500
}

/** The kept answer of `keep.path`, validated like a fresh one and marked as read offline; null when none fits. */
function answerFromCache<T>(keep: KeepAs, schema: ResponseSchema<T> | undefined): unknown {
  const entry = readOffline(keep.path)
  if (!entry) return null
  const value = schema ? schema.safeParse(entry.body) : { success: true as const, data: entry.body }
  if (!value.success) return null
  markFromCache(value.data, entry.savedAt)
  return value.data
}

/**
 * Calls the BFF and resolves with the parsed 2xx body; every failure is thrown once as an ApiError.
 * With `schema` the body is validated and typed; without it the caller gets `unknown`. GET paths kept for offline
 * reading (`services/offline-cache.ts`) are saved on success and answered from the phone when the network fails;
 * `offlineSavedAt(value)` tells a page it is showing such a copy.
 */
export function request<T>(
  path: string,
  options: RequestOptions<T> & { schema: ResponseSchema<T> },
): Promise<T>
export function request(path: string, options?: RequestOptions<unknown>): Promise<unknown>
export async function request<T>(path: string, options: RequestOptions<T> = {}): Promise<unknown> {
  const cachePath = (options.method ?? 'GET') === 'GET' ? pathWithQuery(path, options.query) : null
  // The owner is taken before anything is awaited: an answer that arrives after a sign-out is not kept.
  const keep =
    cachePath && isOfflineCacheable(cachePath) ? { path: cachePath, owner: offlineCacheOwner() } : null
  try {
    return await requestOnline(path, options, keep)
  } catch (err) {
    if (!keep || !(err instanceof ApiError)) throw err
    if (!isUnreachable(err)) {
      if (err.status === 403 || err.status === 404) forgetOffline(keep.path)
      throw err
    }
    const ready = whenSchemasReady()
    if (ready) await ready.catch(() => Promise.reject(err))
    const cached = answerFromCache(keep, options.schema)
    if (cached === null) throw err
    return cached
  }
}

async function requestOnline<T>(
  path: string,
  options: RequestOptions<T>,
  keep: KeepAs | null,
): Promise<unknown> {
  const useAuth = options.auth ?? true
  const token = useAuth && getAuthToken ? await getAuthToken() : undefined
  try {
    return await sendOnce(path, options, token, keep)
  } catch (err) {
    // Only a request that carried a token can be repaired, and only once: a second 401 is final.
    if (!(err instanceof ApiError) || err.status !== 401 || !token || !onAuthFailure) throw err
    if (!(await onAuthFailure(err, token))) throw err
    const fresh = getAuthToken ? await getAuthToken() : undefined
    return sendOnce(path, options, fresh, keep)
  }
}

async function sendOnce<T>(
  path: string,
  options: RequestOptions<T>,
  token: string | null | undefined,
  keep: KeepAs | null,
) {
  const { method = 'GET', query, body, schema, headers = {}, timeoutMs = DEFAULT_TIMEOUT_MS } = options
  const header: Record<string, string> = { Accept: 'application/json', ...headers }
  if (token) header.Authorization = `Bearer ${token}`
  if (body !== undefined) header['Content-Type'] = 'application/json'

  const url = buildUrl(path, query)
  const early =
    method === 'GET' && Object.keys(headers).length === 0 ? await takeEarlyAnswer(url, token) : null
  const response =
    early ??
    (await send({
      url,
      method,
      header,
      data: body === undefined ? undefined : JSON.stringify(body),
      dataType: 'text',
      responseType: 'text',
      timeout: timeoutMs,
    }))

  // Only now: the request went out while zod's chunk (if it was still needed) loaded.
  const ready = whenSchemasReady()
  if (ready) await ready
  const status = response.statusCode
  const parsed = parseBody(response.data)
  if (status < 200 || status >= 300) throw httpError(status, parsed)
  if (!parsed.ok) throw new ApiError(status, ErrorCode.NetworkError, MSG_UNREADABLE)
  const checked = schema ? schema.safeParse(parsed.value) : { success: true as const, data: parsed.value }
  if (!checked.success) throw new ApiError(status, ErrorCode.NetworkError, MSG_UNREADABLE)
  if (keep) saveOffline(keep.path, parsed.value, keep.owner)
  return checked.data
}
