/** The full command table of the engine. */
import { adminCommands } from './admin'
import { aggregateCommands } from './aggregate'
import { crudCommands } from './crud'
import { ddlCommands } from './ddl'
import { modifyCommands } from './modify'
import type { CommandTable } from './registry'

/** Every command the engine answers, by name. */
export const COMMANDS: CommandTable = {
  ...adminCommands,
  ...ddlCommands,
  ...crudCommands,
  ...modifyCommands,
  ...aggregateCommands,
}
