/**
 * @jest-environment node
 */
// The H5 build's lazy schemas (config/lazy-schemas.js, config/lazy-schema.js) and zod in a chunk of its own
// (config/lazy-zod.js, config/zod-members.js): which constants the transform wraps, what it refuses, how a stand-in
// behaves, and that the whole of @cunwu/domain, loaded through the transform, loads without zod and then, given only
// the members of `z` the build hands over, builds every schema and parses exactly as the ordinary module.
import fs from 'node:fs'
import path from 'node:path'
import { transformSync } from '@babel/core'
import { z } from 'zod'
import * as domain from '@cunwu/domain'
import { lazySchema } from '../config/lazy-schema'
import { installZod, schemasReady, z as lazyZ } from '../config/lazy-zod'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { transformLazySchemas } = require('../config/lazy-schemas.js') as {
  transformLazySchemas: (code: string, filename: string) => { code: string; wrapped: number }
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { usedMembers } = require('../config/zod-members.js') as { usedMembers: (dirs: string[]) => string[] }

describe('the transform', () => {
  const source = `import { z } from 'zod'
import { IdSchema } from './ids'
export const ASchema = z.object({ id: IdSchema }).strict()
export const BSchema = ASchema.extend({ n: z.number() })
export const AliasSchema = ASchema
export const RouteSchema = { params: z.object({ id: IdSchema }), query: ASchema, limit: 3 }
const tableSchema = buildTable(3)
const Answer = z.string()
export function local() { const LocalSchema = z.string(); return LocalSchema.parse(ASchema.keyof().options[0]) }
`
  const { code, wrapped } = transformLazySchemas(source, 'sample.js')

  it('wraps top-level …Schema constants built by calls on z or on another schema, and the parts of a route', () => {
    expect(wrapped).toBe(4)
    expect(code).toContain('export const ASchema = /*#__PURE__*/__cwLazySchema(() => z.object(')
    expect(code).toContain('export const BSchema = /*#__PURE__*/__cwLazySchema(() => ASchema.extend(')
    expect(code).toMatch(/params: \/\*#__PURE__\*\/__cwLazySchema\(\(\) => z\.object\(/)
    expect(code).toMatch(/^import \{ lazySchema as __cwLazySchema \} from ".*lazy-schema\.js";/)
  })

  it('wraps a schema built on z under any name, and takes z from lazy-zod.js', () => {
    expect(code).toContain('const Answer = /*#__PURE__*/__cwLazySchema(() => z.string());')
    expect(code).toMatch(/^import \{ z \} from ".*lazy-zod\.js";/m)
    expect(code).not.toContain("from 'zod'")
  })

  it('leaves aliases, other values and schemas inside functions as they are', () => {
    expect(code).toContain('export const AliasSchema = ASchema;')
    expect(code).toContain('query: ASchema,')
    expect(code).toContain('const tableSchema = buildTable(3);')
    expect(code).toContain('const LocalSchema = z.string();')
  })

  it('refuses, with the line, what would use zod while the module loads', () => {
    const derived =
      "import { z } from 'zod'\nexport const ASchema = z.enum(['a'])\nexport const KEYS = ASchema.options\n"
    expect(() => transformLazySchemas(derived, 'derived.js')).toThrow(
      /line 3: `ASchema` is used while the module loads/,
    )
    const parse = "import { z } from 'zod'\nexport const ok = z.string().parse('x')\n"
    expect(() => transformLazySchemas(parse, 'parse.js')).toThrow(
      /line 2: `z` is used while the module loads/,
    )
  })

  it('refuses z used other than as z.<name> (the build hands over only those members)', () => {
    const computed = "import { z } from 'zod'\nexport function f(k) { return z[k]() }\n"
    expect(() => transformLazySchemas(computed, 'computed.js')).toThrow(/line 2: `z` is used other than/)
    const passed = "import { z } from 'zod'\nexport function f() { return g(z) }\n"
    expect(() => transformLazySchemas(passed, 'passed.js')).toThrow(/`z` is used other than/)
  })

  it('changes nothing in a module without schemas', () => {
    const plain = 'export const LABELS = { a: 1 }\nexport function f(x) { return x }\n'
    expect(transformLazySchemas(plain, 'plain.js').wrapped).toBe(0)
  })
})

describe('a lazy schema', () => {
  it('is built on first use, once, and parses as the schema itself', () => {
    const build = jest.fn(() => z.object({ name: z.string().min(1), age: z.number().int().optional() }))
    const lazy = lazySchema(build)
    expect(build).not.toHaveBeenCalled()
    const eager = build()
    build.mockClear()

    for (const input of [{ name: '张三', age: 3 }, { name: '' }, { age: 1.5 }, null, 'x']) {
      expect(JSON.stringify(lazy.safeParse(input))).toBe(JSON.stringify(eager.safeParse(input)))
    }
    expect(build).toHaveBeenCalledTimes(1)
    expect(() => lazy.parse({ name: '' })).toThrow(z.ZodError)
    expect(lazy instanceof z.ZodObject).toBe(true)
    expect(Object.keys(lazy.shape)).toEqual(['name', 'age'])
    expect('_zod' in lazy).toBe(true)
  })

  it('works as a child, in unions, extended and wrapped by other schemas', () => {
    const Id = lazySchema(() => z.string().regex(/^[0-9a-f]{4}$/))
    const Cat = lazySchema(() => z.object({ kind: z.literal('cat'), id: Id }))
    const Dog = lazySchema(() => z.object({ kind: z.literal('dog'), id: Id, barks: z.boolean() }))
    const Pet = lazySchema(() => z.discriminatedUnion('kind', [Cat, Dog]))
    const Owner = lazySchema(() => z.object({ pets: z.array(Pet), best: Pet.optional() }))
    const Named = lazySchema(() => Owner.extend({ name: z.string() }))

    expect(Named.parse({ name: 'a', pets: [{ kind: 'cat', id: 'ab12' }] })).toEqual({
      name: 'a',
      pets: [{ kind: 'cat', id: 'ab12' }],
    })
    const bad = Named.safeParse({ name: 'a', pets: [{ kind: 'dog', id: 'zz', barks: 1 }] })
    expect(bad.success).toBe(false)
    expect(bad.error?.issues.map((issue: z.core.$ZodIssue) => issue.path.join('.')).sort()).toEqual([
      'pets.0.barks',
      'pets.0.id',
    ])
    expect(Pet.safeParse({ kind: 'fish' }).success).toBe(false)
  })

  it('throws the error of a build that fails, at every use', () => {
    const lazy = lazySchema<z.ZodString>(() => {
      throw new Error('bad schema')
    })
    expect(() => lazy.safeParse(1)).toThrow('bad schema')
    expect(() => lazy.safeParse(1)).toThrow('bad schema')
  })
})

// Loads packages/domain/src through Babel (TypeScript, CommonJS) and the transform, as the H5 build does, with its
// own module registry: every schema of the package is then a stand-in over the same code.
function loadTransformedDomain(): Record<string, unknown> {
  const root = path.dirname(require.resolve('@cunwu/domain/package.json'))
  const cache = new Map<string, { exports: Record<string, unknown> }>()
  let total = 0
  const load = (file: string): Record<string, unknown> => {
    const cached = cache.get(file)
    if (cached) return cached.exports
    const module = { exports: {} as Record<string, unknown> }
    cache.set(file, module)
    const typescript = transformSync(fs.readFileSync(file, 'utf8'), {
      filename: file,
      babelrc: false,
      configFile: false,
      presets: ['@babel/preset-typescript'],
    })
    const lazy = transformLazySchemas(typescript?.code ?? '', file)
    total += lazy.wrapped
    const commonjs = transformSync(lazy.code, {
      filename: file,
      babelrc: false,
      configFile: false,
      plugins: ['@babel/plugin-transform-modules-commonjs'],
    })
    const localRequire = (request: string): unknown => {
      if (request.endsWith('lazy-schema.js')) return { lazySchema }
      if (request.endsWith('lazy-zod.js')) return { z: lazyZ }
      if (request === 'zod') throw new Error(`${file} imports zod itself`)
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      if (!request.startsWith('.')) return require(request)
      const base = path.resolve(path.dirname(file), request)
      const candidates = [`${base}.ts`, path.join(base, 'index.ts'), base]
      const found = candidates.find(
        (candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile(),
      )
      if (!found) throw new Error(`cannot resolve ${request} from ${file}`)
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return found.endsWith('.json') ? require(found) : load(found)
    }
    new Function('require', 'module', 'exports', commonjs?.code ?? '')(localRequire, module, module.exports)
    return module.exports
  }
  const exports = load(path.join(root, 'src', 'index.ts'))
  expect(total).toBeGreaterThan(300)
  return exports
}

describe('@cunwu/domain through the transform', () => {
  // Before zod is installed, as on the home before zod's chunk has loaded: nothing may need it while loading.
  expect(schemasReady).toBeInstanceOf(Function)
  expect(() => lazyZ.object).toThrow(/zod was used before its chunk loaded/)
  const transformed = loadTransformedDomain()
  // Then only the members of z the build hands over (zod-members.js), read from the same sources.
  const dirs = [
    path.join(path.dirname(require.resolve('@cunwu/domain/package.json')), 'src'),
    path.join(__dirname, '..', 'src', 'services', 'api'),
  ]
  const members = usedMembers(dirs)
  installZod(Object.fromEntries(members.map((name) => [name, (z as Record<string, unknown>)[name]])))
  const schemaNames = Object.keys(domain).filter((name) => {
    const value = (domain as Record<string, unknown>)[name]
    return /Schema$/.test(name) && value instanceof z.ZodType
  })

  it('hands over some members of z, not all of it', () => {
    expect(members).toEqual(expect.arrayContaining(['object', 'string', 'enum', 'array']))
    expect(members.length).toBeLessThan(Object.keys(z).length / 4)
    // Namespaces that would make webpack keep all of zod (locales, JSON Schema tools): 73 KB brotli instead of 28.
    for (const heavy of ['core', 'config', 'locales', 'toJSONSchema']) expect(members).not.toContain(heavy)
  })

  it('has the same exports', () => {
    expect(Object.keys(transformed).sort()).toEqual(Object.keys(domain).sort())
    expect(schemaNames.length).toBeGreaterThan(200)
  })

  it('builds every schema and parses samples to the same result and the same issues', () => {
    const samples: unknown[] = [undefined, null, {}, [], '', 'x', 0, 1.5, true, { id: 'x', rows: [] }]
    for (const name of schemaNames) {
      const eager = (domain as unknown as Record<string, z.ZodType>)[name] as z.ZodType
      const lazy = transformed[name] as z.ZodType
      for (const sample of samples) {
        const expected = JSON.stringify(eager.safeParse(sample))
        const actual = JSON.stringify(lazy.safeParse(sample))
        if (actual !== expected)
          throw new Error(`${name} on ${JSON.stringify(sample)}: ${actual} ≠ ${expected}`)
      }
    }
  })
})
