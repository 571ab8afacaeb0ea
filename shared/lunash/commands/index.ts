/** Every lunash command row, by id: the catalogue the panels and the property tests walk. */
import type { AnyCommand } from './spec'
import { ALL_ERAS } from './spec'
import { forEra } from './era'
import * as system from './system'
import * as ntls from './ntls'
import * as hsm from './hsm'
import * as partition from './partition'
import * as client from './client'
import * as files from './files'

export * from './spec'
export * from './era'
export * from './system'
export * from './ntls'
export * from './hsm'
export * from './partition'
export * from './client'
export * from './files'

/** One row per command id; each era's syntax lives in the row (`syntax`), chosen with `forEra`. */
export const allCommands: readonly AnyCommand[] = [system, ntls, hsm, partition, client, files].flatMap(
  (module) =>
    Object.values(module as Record<string, unknown>).filter(
      (x): x is AnyCommand => typeof x === 'object' && x !== null && 'id' in x && 'text' in x && 'parse' in x,
    ),
)

/** Every row as each era runs it (duplicates removed): what the property tests and the secret table walk. */
export const allEraRows: readonly AnyCommand[] = [
  ...new Set(
    allCommands.flatMap((spec) =>
      ALL_ERAS.map((era) => forEra(spec, era)).filter((row): row is AnyCommand => row !== undefined),
    ),
  ),
]
