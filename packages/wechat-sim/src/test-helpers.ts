// Small HTTP helpers shared by this package's tests (not exported from the package).

/** A parsed JSON response. */
export interface JsonResult {
  status: number
  body: Record<string, unknown>
  headers: Headers
}

/** GETs a URL and parses the JSON body. */
export async function getJson(url: string): Promise<JsonResult> {
  const res = await fetch(url)
  return { status: res.status, body: toRecord(await res.json()), headers: res.headers }
}

/** POSTs a JSON body and parses the JSON answer. */
export async function postJson(url: string, body: unknown): Promise<JsonResult> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? toRecord(JSON.parse(text)) : {}, headers: res.headers }
}

function toRecord(value: unknown): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return { ...value }
  return { value }
}
