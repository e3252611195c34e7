import { sign, type KeyObject } from 'node:crypto'

// A minimal DER writer, just enough to build an X.509 v3 certificate: Node can parse certificates
// but not create them, and the platform-certificate mode needs real ones (wechatpay-node-v3 parses
// them with @fidm/x509).

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n])
  const bytes: number[] = []
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256)
  return Buffer.from([0x80 | bytes.length, ...bytes])
}

function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), len(content.length), content])
}

const seq = (...parts: Buffer[]): Buffer => tlv(0x30, Buffer.concat(parts))
const set = (...parts: Buffer[]): Buffer => tlv(0x31, Buffer.concat(parts))
const explicit = (n: number, content: Buffer): Buffer => tlv(0xa0 + n, content)
const NULL = Buffer.from([0x05, 0x00])

function integer(bytes: Buffer): Buffer {
  // DER integers are signed: prefix a zero byte when the high bit is set.
  const first = bytes[0] ?? 0
  return tlv(0x02, first & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes)
}

function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number)
  const out: number[] = [(arcs[0] ?? 0) * 40 + (arcs[1] ?? 0)]
  for (const arc of arcs.slice(2)) {
    const chunk: number[] = []
    let v = arc
    do {
      chunk.unshift(v % 128)
      v = Math.floor(v / 128)
    } while (v > 0)
    chunk.forEach((b, i) => out.push(i < chunk.length - 1 ? b | 0x80 : b))
  }
  return tlv(0x06, Buffer.from(out))
}

function time(ms: number): Buffer {
  const iso = new Date(ms).toISOString()
  const digits = iso.slice(0, 19).replace(/[-:T]/g, '')
  const year = new Date(ms).getUTCFullYear()
  // RFC 5280: UTCTime through 2049, GeneralizedTime from 2050.
  return year < 2050 ? tlv(0x17, Buffer.from(`${digits.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${digits}Z`))
}

/** Distinguished-name parts of a certificate subject. */
export interface CertName {
  C?: string
  ST?: string
  L?: string
  O?: string
  OU?: string
  CN: string
}

const NAME_OIDS: [keyof CertName, string][] = [
  ['C', '2.5.4.6'],
  ['ST', '2.5.4.8'],
  ['L', '2.5.4.7'],
  ['O', '2.5.4.10'],
  ['OU', '2.5.4.11'],
  ['CN', '2.5.4.3'],
]

function name(n: CertName): Buffer {
  const rdns = NAME_OIDS.flatMap(([k, o]) => {
    const v = n[k]
    if (v === undefined) return []
    const value = k === 'C' ? tlv(0x13, Buffer.from(v)) : tlv(0x0c, Buffer.from(v, 'utf8'))
    return [set(seq(oid(o), value))]
  })
  return seq(...rdns)
}

/** Builds a self-signed X.509 v3 certificate (sha256WithRSAEncryption) and returns it as PEM. */
export function buildCertificate(opts: {
  subject: CertName
  issuer?: CertName
  serialHex: string
  notBefore: number
  notAfter: number
  publicKey: KeyObject
  signingKey: KeyObject
}): string {
  const algorithm = seq(oid('1.2.840.113549.1.1.11'), NULL)
  const spki = opts.publicKey.export({ type: 'spki', format: 'der' })
  const basicConstraints = seq(oid('2.5.29.19'), tlv(0x04, seq()))
  const keyUsage = seq(
    oid('2.5.29.15'),
    tlv(0x01, Buffer.from([0xff])),
    tlv(0x04, tlv(0x03, Buffer.from([0x05, 0xa0]))),
  )
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))),
    integer(Buffer.from(opts.serialHex, 'hex')),
    algorithm,
    name(opts.issuer ?? opts.subject),
    seq(time(opts.notBefore), time(opts.notAfter)),
    name(opts.subject),
    spki,
    explicit(3, seq(basicConstraints, keyUsage)),
  )
  const signature = sign('sha256', tbs, opts.signingKey)
  const der = seq(tbs, algorithm, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])))
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n')
  return `-----BEGIN CERTIFICATE-----\n${b64.trimEnd()}\n-----END CERTIFICATE-----\n`
}
