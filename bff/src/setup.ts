// The setup command of an install (README.md, "A new county"): from an empty database to a working county, through
// the services' own rules. Run on the server, with the BFF's environment, while the service runs or not: with the
// embedded database, a running service's engine is reached through its socket (DATA_DIR/db/cunwu-mongo.sock, or the
// fallback path), as the BFF's workers reach it; with none running, the command opens the folder itself. With
// MONGODB_URI it connects there.
//   npm run setup -- regions <file.csv> [--allow-older-code-year]
//                                                  import the county's regions (code,name,codeYear,urbanRuralCode);
//                                                  the flag lets a file of an older code year overwrite newer names
//   npm run setup -- users                         the people who signed in lately, newest first
//   npm run setup -- admin <person> <region code>  make a person (id, account code or name from `users`) admin of a region
// Compiled: node bff/dist/setup.js … (npm run build:bff).
import fs from 'node:fs'
import { pathToFileURL } from 'node:url'
import {
  AccountCodeSchema,
  ROLE_LABELS,
  RoleGrantCreateSchema,
  formatAccountCode,
  regionImportSummary,
  shanghaiDateTimeOf,
} from '@cunwu/domain'
import { ConfigError, loadConfig } from './config'
import { runningEngineUri } from './database-process'
import { openDatabase } from './db'
import type { Config } from './config'
import { AppError } from './errors'
import { createLogger } from './logger'
import type { Logger } from './logger'
import { createModels } from './models'
import type { Models } from './models'
import { AuditService, SYSTEM_ACTOR } from './services/audit.service'
import { RegionsService, regionNames } from './services/regions.service'
import { UsersService } from './services/users.service'

/** What the setup command works through: the models and the two services over one connection. */
export interface SetupTools {
  models: Models
  regions: RegionsService
  users: UsersService
}

/** The tools over a connection's models. */
export function setupTools(models: Models): SetupTools {
  const audit = new AuditService(models)
  return {
    models,
    regions: new RegionsService({ models, audit }),
    users: new UsersService({ models, audit }),
  }
}

/** The flag of `regions` that lets a file of an older code year overwrite newer names (the app's 允许用旧年份覆盖). */
const ALLOW_OLDER_CODE_YEAR = '--allow-older-code-year'

const USAGE = [
  '用法：',
  '  npm run setup -- regions <区划文件.csv>      导入本县的行政区划（表头 code,name,codeYear,urbanRuralCode）',
  `    加上 ${ALLOW_OLDER_CODE_YEAR}          允许用旧年份的区划名称覆盖已有的新年份名称`,
  '  npm run setup -- users                      列出最近登录过的人（最新的在前）',
  '  npm run setup -- admin <人> <区划代码>        让这个人成为该地区的系统管理员（人：users 列出的编号、账号编号或名字）',
]

/** Runs one setup command; returns the exit code (0 done, 1 refused, 2 wrong usage), printing through `print`. */
export async function runSetup(
  args: string[],
  tools: SetupTools,
  print: (line: string) => void,
): Promise<number> {
  const [command, ...rest] = args
  try {
    const files = rest.filter((a) => a !== ALLOW_OLDER_CODE_YEAR)
    const flags = rest.length - files.length
    if (command === 'regions' && files.length === 1 && flags <= 1 && !files[0]?.startsWith('--')) {
      const file = files[0] ?? ''
      if (!fs.existsSync(file)) {
        print(`找不到文件 ${file}`)
        return 1
      }
      const counts = await tools.regions.importCsvBySetup(fs.readFileSync(file, 'utf8'), SYSTEM_ACTOR, {
        allowOlderCodeYear: flags === 1,
        olderYearHint: `请在命令最后加上 ${ALLOW_OLDER_CODE_YEAR} 再运行：npm run setup -- regions <文件> ${ALLOW_OLDER_CODE_YEAR}`,
      })
      print(`已导入行政区划：${regionImportSummary(counts)}。`)
      return 0
    }
    if (command === 'users' && rest.length === 0) {
      const people = await tools.models.User.find(
        {},
        { displayName: 1, accountCode: 1, roles: 1, createdAt: 1 },
      )
        .sort({ createdAt: -1, _id: -1 })
        .limit(20)
        .lean()
      if (people.length === 0) print('还没有人登录过。请让这个人先在小程序里登录一次，再运行本命令。')
      const names = await regionNames(
        tools.models,
        people.flatMap((p) => p.roles.map((r) => r.regionCode)),
      )
      for (const p of people) {
        // Roles in words, as the 我的 page shows them: 系统管理员（新晃侗族自治县）.
        const roles =
          p.roles
            .map((r) => `${ROLE_LABELS[r.role]}（${names.get(r.regionCode) ?? r.regionCode}）`)
            .join('、') || '（无身份）'
        const code = p.accountCode ? `账号编号 ${formatAccountCode(p.accountCode)}` : '（未打开过“我的”）'
        print(
          `${p._id.toHexString()}  ${p.displayName}  ${code}  ${shanghaiDateTimeOf(p.createdAt)} 首次登录  ${roles}`,
        )
      }
      return 0
    }
    if (command === 'admin' && rest.length === 2) {
      const [person = '', regionCode = ''] = rest
      const userId = await findPerson(tools.models, person)
      if (typeof userId !== 'string') {
        print(userId.problem)
        return 1
      }
      const req = RoleGrantCreateSchema.safeParse({ userId, role: 'admin', regionCode })
      if (!req.success) {
        print(`区划代码 ${regionCode} 不对：应为 12 位数字`)
        return 1
      }
      await tools.users.grantRoleBySetup(req.data, SYSTEM_ACTOR)
      print(`${person} 现在是 ${regionCode} 的系统管理员。请他在小程序里重新打开“我的”页面。`)
      return 0
    }
  } catch (err) {
    if (!(err instanceof AppError)) throw err
    print(err.message)
    const rows = (
      err.details as { rows?: { line: number; column: string | null; message: string }[] } | undefined
    )?.rows
    for (const row of rows ?? [])
      print(`  第 ${row.line} 行${row.column ? `（${row.column}）` : ''}：${row.message}`)
    return 1
  }
  for (const line of USAGE) print(line)
  return 2
}

/** The id of the person named by an id, an account code (shown on 我的) or a display name only one person has. */
async function findPerson(models: Models, person: string): Promise<string | { problem: string }> {
  if (/^[0-9a-f]{24}$/.test(person)) return person
  const code = AccountCodeSchema.safeParse(person)
  if (code.success) {
    const holder = await models.User.findOne({ accountCode: code.data }, { _id: 1 }).lean()
    if (holder) return holder._id.toHexString()
  }
  const named = await models.User.find({ displayName: person }, { _id: 1 }).limit(2).lean()
  if (named.length === 1 && named[0]) return named[0]._id.toHexString()
  return {
    problem:
      named.length === 0
        ? `没有叫 ${person} 的人；请先让他在小程序里登录一次，再用 users 查看`
        : `不止一个人叫 ${person}；请用 users 列出的编号`,
  }
}

/**
 * The database the setup works on: MONGODB_URI; else the engine of a running service, through its socket (the
 * service goes on running and reads the changes at once: roles per request, regions as any import through the app);
 * else the embedded engine opened here on DATA_DIR/db.
 */
export async function openSetupDatabase(config: Config, logger: Logger) {
  const running = config.MONGODB_URI ? undefined : await runningEngineUri(config)
  return openDatabase({ ...config, EMBEDDED_MONGODB_URI: running }, logger)
}

async function main(): Promise<void> {
  let config
  try {
    config = loadConfig()
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    console.error(err.message)
    process.exit(2)
  }
  if (!['regions', 'users', 'admin'].includes(process.argv[2] ?? '')) {
    for (const line of USAGE) console.log(line)
    process.exit(2)
  }
  const logger = createLogger({ LOG_LEVEL: 'warn' })
  let db
  try {
    db = await openSetupDatabase(config, logger)
  } catch (err) {
    console.error(`打不开数据库（${err instanceof Error ? err.message : String(err)}）。`)
    console.error(
      '用本机数据库（未设 MONGODB_URI）时，本命令经运行中的村务通服务的数据库套接字连接，服务没有运行时直接打开数据目录：请检查 DATA_DIR 与服务用的是否相同。',
    )
    process.exit(1)
  }
  try {
    if (!db.connection) throw new Error('no database connection')
    process.exitCode = await runSetup(
      process.argv.slice(2),
      setupTools(createModels(db.connection)),
      (line) => console.log(line),
    )
  } finally {
    await db.close()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main()
