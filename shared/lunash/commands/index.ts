/** Every lunash command row, by id: the catalogue the panels and the property tests walk. */
import type { AnyCommand, Era } from './spec'
import * as system from './system'
import * as ntls from './ntls'
import * as hsm from './hsm'
import * as partition from './partition'
import * as client from './client'
import * as files from './files'

export * from './spec'
export * from './system'
export * from './ntls'
export * from './hsm'
export * from './partition'
export * from './client'
export * from './files'

export const allCommands: readonly AnyCommand[] = [system, ntls, hsm, partition, client, files].flatMap(
  (module) =>
    Object.values(module as Record<string, unknown>).filter(
      (x): x is AnyCommand => typeof x === 'object' && x !== null && 'id' in x && 'text' in x && 'parse' in x,
    ),
)

/**
 * The row to use on an appliance of this era: the 4.x-syntax variant (`<id>.4x`) on a 4.x appliance when the
 * row has one; undefined when the row does not apply to the era at all.
 */
export function forEra(spec: AnyCommand, era: Era): AnyCommand | undefined {
  if (!spec.eras || spec.eras.includes(era)) return spec
  return allCommands.find((c) => c.id.startsWith(`${spec.id}.`) && (!c.eras || c.eras.includes(era)))
}
