/**
 * Stable error codes shared by the BFF and the mini-program. Messages may change; codes do not.
 * Every 4xx/5xx response body is `{ error: { code, message } }` with one of these codes.
 */
export const ErrorCode = {
  NotFound: 'not_found',
  MethodNotAllowed: 'method_not_allowed',
  InvalidJson: 'invalid_json',
  PayloadTooLarge: 'payload_too_large',
  UnsupportedMediaType: 'unsupported_media_type',
  ValidationError: 'validation_error',
  Unauthorized: 'unauthorized',
  Forbidden: 'forbidden',
  Conflict: 'conflict',
  Internal: 'internal_error',
  ServiceUnavailable: 'service_unavailable',
  /** Client side only: the request never reached the server or the answer was unreadable. */
  NetworkError: 'network_error',
} as const

/** One of the stable snake_case error codes. Feature issues add their own codes here. */
export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode]
