// H5 production build only (config/index.ts): a webpack loader, run after Babel on the modules of @cunwu/domain and
// src/services/api, that makes their top-level zod schemas lazy (lazy-schema.js says why) and takes their `z` from
// lazy-zod.js, so that loading them needs no zod at all (lazy-zod.js says why).
//
//   import { z } from 'zod'
//   export const DisclosureDtoSchema = z.object({ … })
// becomes
//   import { z } from '…/lazy-zod.js'
//   export const DisclosureDtoSchema = /*#__PURE__*/ __cwLazySchema(() => z.object({ … }))
//
// What is wrapped: a top-level `const` whose value is a call on `z` (`z.object(…)`, `z.enum(…).describe(…)`; not a
// parse, encode or JSON-schema call) or, when its name ends in `Schema` (the codebase's convention for a zod schema),
// a call on another `…Schema` (`BaseSchema.extend(…)`). In a `…Schema` constant that is an object of schemas (a
// route's `{ params: z.object(…), query: … }`), each such property is wrapped. Plain aliases (`const A = BSchema`,
// the same stand-in) and schemas built inside functions are left as they are. Anything else that would use zod while
// the module loads (a constant derived from a schema, such as `RoleSchema.options`, or any other use of `z` outside a
// function) would fail in the browser before zod has loaded, so the loader stops the build there with the file and
// line; such a value belongs in a function, or in a module the transform does not cover. So does any use of `z` other
// than `z.<name>` (zod-members.js says why).
const babel = require('@babel/core')

const LOCAL = '__cwLazySchema'
const RUNTIME = require.resolve('./lazy-schema.js')
const ZOD_RUNTIME = require.resolve('./lazy-zod.js')
// Calls on a schema that give something other than a schema.
const NOT_A_SCHEMA = /^(?:(?:safe)?(?:parse|decode|encode)(?:Async)?|toJSONSchema|config|registry)$/

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

/** Whether an expression builds a schema: a call on `z`, or (`schemaNamed`) on a `…Schema`. */
function isSchemaCall(node, schemaNamed = true) {
  if (!node || node.type !== 'CallExpression') return false
  const { callee } = node
  const method = callee.type === 'MemberExpression' && !callee.computed ? callee.property.name : null
  if (method !== null && NOT_A_SCHEMA.test(method)) return false
  const root = chainRoot(node)
  return root === 'z' || (schemaNamed && root !== null && /Schema$/.test(root))
}

/** `import { z } from 'zod'` becomes `import { z } from '…/lazy-zod.js'`; other imports from zod stay. */
function takeZFromRuntime(program, t) {
  for (const statement of program.get('body')) {
    if (!statement.isImportDeclaration() || statement.node.source.value !== 'zod') continue
    const specifiers = statement.node.specifiers
    const zSpecifier = specifiers.find(
      (s) => s.type === 'ImportSpecifier' && (s.imported.name ?? s.imported.value) === 'z',
    )
    if (!zSpecifier) continue
    const runtimeImport = t.importDeclaration(
      [t.importSpecifier(t.identifier(zSpecifier.local.name), t.identifier('z'))],
      t.stringLiteral(ZOD_RUNTIME),
    )
    if (specifiers.length === 1) statement.replaceWith(runtimeImport)
    else {
      statement.node.specifiers = specifiers.filter((s) => s !== zSpecifier)
      statement.insertAfter(runtimeImport)
    }
  }
}

/**
 * Throws where `z` (the one imported from zod) is used other than as `z.<name>`: zod-members.js hands lazy-zod.js only
 * the members named that way.
 */
function checkZOnlyByMember(program) {
  program.traverse({
    Identifier(path) {
      if (path.node.name !== 'z' || !path.isReferencedIdentifier()) return
      if (path.scope.getBinding('z')?.kind !== 'module') return
      if (path.parentPath.isMemberExpression({ object: path.node, computed: false })) return
      const line = path.node.loc ? `line ${path.node.loc.start.line}: ` : ''
      throw new Error(
        `${line}\`z\` is used other than as \`z.<name>\`, which the H5 build needs (miniapp/config/lazy-schemas.js)`,
      )
    },
  })
}

/** Throws if the module would use zod while it loads: `z` outside a function, or a `…Schema` read or called. */
function checkNothingBuiltOnLoad(program) {
  program.traverse({
    Function(path) {
      path.skip()
    },
    Identifier(path) {
      const { name } = path.node
      if (!path.isReferencedIdentifier()) return
      const schemaUse =
        /Schema$/.test(name) &&
        name !== LOCAL &&
        (path.parentPath.isMemberExpression({ object: path.node }) ||
          path.parentPath.isCallExpression({ callee: path.node }))
      const zUse = name === 'z'
      if (!schemaUse && !zUse) return
      const line = path.node.loc ? `line ${path.node.loc.start.line}: ` : ''
      throw new Error(
        `${line}\`${name}\` is used while the module loads; in the H5 build zod is not there yet ` +
          '(miniapp/config/lazy-schemas.js)',
      )
    },
  })
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
            if (id.type !== 'Identifier' || !init) continue
            const schemaNamed = /Schema$/.test(id.name)
            if (isSchemaCall(init, schemaNamed)) {
              declarator.get('init').replaceWith(lazy(init))
              wrapped += 1
            } else if (schemaNamed && init.type === 'ObjectExpression') {
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
        checkZOnlyByMember(program)
        takeZFromRuntime(program, t)
        checkNothingBuiltOnLoad(program)
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
