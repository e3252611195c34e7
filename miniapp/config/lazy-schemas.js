// H5 production build only (config/index.ts): a webpack loader, run after Babel on the modules of @cunwu/domain and
// src/services/api, that makes their top-level zod schemas lazy (lazy-schema.js says why).
//
//   export const DisclosureDtoSchema = z.object({ … })
// becomes
//   export const DisclosureDtoSchema = /*#__PURE__*/ __cwLazySchema(() => z.object({ … }))
//
// What is wrapped: a top-level `const` whose name ends in `Schema` (the codebase's convention for a zod schema) and
// whose value is a call on `z` or on another `…Schema` (`z.object(…)`, `z.enum(…).describe(…)`, `BaseSchema.extend(…)`).
// In a `…Schema` constant that is an object of schemas (a route's `{ params: z.object(…), query: … }`), each such
// property is wrapped. Everything else is left as it is: plain aliases (`const A = BSchema`, the same stand-in),
// schemas built inside functions, and constants derived from a schema (`RoleSchema.options`), which build that schema
// when their module loads, as before.
const babel = require('@babel/core')

const LOCAL = '__cwLazySchema'
const RUNTIME = require.resolve('./lazy-schema.js')

/** The identifier a call chain such as `z.object(…).strict().describe(…)` starts from, if any. */
function chainRoot(node) {
  let current = node
  for (;;) {
    if (current.type === 'CallExpression') current = current.callee
    else if (current.type === 'MemberExpression' || current.type === 'OptionalMemberExpression')
      current = current.object
    else return current.type === 'Identifier' ? current.name : null
  }
}

/** Whether an expression builds a schema: a call on `z` or on a `…Schema`. */
function isSchemaCall(node) {
  if (!node || node.type !== 'CallExpression') return false
  const root = chainRoot(node)
  return root === 'z' || (root !== null && /Schema$/.test(root))
}

/** The Babel plugin; `state.file.metadata.lazySchemas` counts what it wrapped. */
function lazySchemasPlugin({ types: t }) {
  return {
    visitor: {
      Program(program, state) {
        const lazy = (init) => {
          const call = t.callExpression(t.identifier(LOCAL), [t.arrowFunctionExpression([], init)])
          t.addComment(call, 'leading', '#__PURE__')
          return call
        }
        let wrapped = 0
        for (const statement of program.get('body')) {
          const declaration = statement.isExportNamedDeclaration() ? statement.get('declaration') : statement
          if (!declaration.node || !declaration.isVariableDeclaration({ kind: 'const' })) continue
          for (const declarator of declaration.get('declarations')) {
            const { id, init } = declarator.node
            if (id.type !== 'Identifier' || !/Schema$/.test(id.name) || !init) continue
            if (isSchemaCall(init)) {
              declarator.get('init').replaceWith(lazy(init))
              wrapped += 1
            } else if (init.type === 'ObjectExpression') {
              // A route's schemas (`{ params: z.object(…), query: … }`): each part on its own.
              for (const property of declarator.get('init').get('properties')) {
                if (!property.isObjectProperty() || !isSchemaCall(property.node.value)) continue
                property.get('value').replaceWith(lazy(property.node.value))
                wrapped += 1
              }
            }
          }
        }
        if (wrapped > 0) {
          program.unshiftContainer(
            'body',
            t.importDeclaration(
              [t.importSpecifier(t.identifier(LOCAL), t.identifier('lazySchema'))],
              t.stringLiteral(RUNTIME),
            ),
          )
        }
        state.file.metadata.lazySchemas = wrapped
      },
    },
  }
}

/** Transforms one module's JavaScript (Babel's output); returns the code, its source map and how many were wrapped. */
function transformLazySchemas(code, filename, inputSourceMap) {
  const result = babel.transformSync(code, {
    filename,
    babelrc: false,
    configFile: false,
    sourceType: 'module',
    plugins: [lazySchemasPlugin],
    sourceMaps: Boolean(inputSourceMap),
    inputSourceMap: inputSourceMap || undefined,
  })
  return { code: result.code, map: result.map, wrapped: result.metadata.lazySchemas ?? 0 }
}

/** The webpack loader. */
function lazySchemasLoader(source, inputSourceMap) {
  const callback = this.async()
  try {
    const { code, map } = transformLazySchemas(source, this.resourcePath, inputSourceMap)
    callback(null, code, map ?? undefined)
  } catch (err) {
    callback(err)
  }
}

module.exports = lazySchemasLoader
module.exports.lazySchemasPlugin = lazySchemasPlugin
module.exports.transformLazySchemas = transformLazySchemas
