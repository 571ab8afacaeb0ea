/**
 * The catalog against the rest of shared/: every action runs a command shared/lunash defines, every form filled
 * as the panel fills it by default builds that command, and every mark the Overview gives rests on records of
 * commands its own panel runs. A procedure, mark or command named in one place but not the other fails here.
 */
import { describe, expect, it } from 'vitest'
import { allCommands, build, type AnyCommand } from '../lunash/commands'
import { markProcedures } from './marks'
import { DONE_CHECKS, PROCEDURES, READ_AREAS, toFields } from './index'

const byId = new Map<string, AnyCommand>(allCommands.map((c) => [c.id, c]))

describe('the procedure catalog', () => {
  it('names each procedure and each mark once', () => {
    const ids = PROCEDURES.map((p) => p.id)
    expect(new Set(ids).size).toBe(ids.length)
    const marks = DONE_CHECKS.map((c) => c.id)
    expect(new Set(marks).size).toBe(marks.length)
  })

  it('runs only commands shared/lunash defines', () => {
    const unknown = PROCEDURES.flatMap((p) =>
      p.actions.filter((a) => !byId.has(a.commandId)).map((a) => `${p.id}: ${a.commandId}`),
    )
    expect(unknown).toEqual([])
  })

  it('judges a procedure done only from records of commands its own panel runs', () => {
    const strays = PROCEDURES.flatMap((p) =>
      p.done.flatMap((check) =>
        check.commands
          .filter((id) => !p.actions.some((a) => a.commandId === id))
          .map((id) => `${check.id}: ${id} is not an action of ${p.id}`),
      ),
    )
    expect(strays).toEqual([])
  })

  it('rests each mark on areas the Overview reads', () => {
    for (const check of DONE_CHECKS)
      for (const area of check.reads) expect(Object.keys(READ_AREAS), check.id).toContain(area)
  })

  it('gives the Overview and status --json one mark per done-check, in the order of the procedures', () => {
    expect(markProcedures({}, []).map((m) => m.id)).toEqual(DONE_CHECKS.map((c) => c.id))
    // The ids a script reading `rackside status --json` keys on.
    expect(DONE_CHECKS.map((c) => c.id)).toEqual([
      'first-login',
      'time',
      'hostname',
      'dns',
      'interface',
      'ntp',
      'ntls-cert',
      'ntls-bind',
      'licences',
      'hsm-init',
      'hsm-policies',
      'partitions',
      'clients',
      'firmware',
    ])
  })

  it('builds each command from its form, filled with the examples shown or with the defaults alone', () => {
    const refused: string[] = []
    for (const p of PROCEDURES)
      for (const a of p.actions) {
        const spec = byId.get(a.commandId)
        if (!spec) continue
        const fields = a.fields ?? []
        // Some examples only go together with another choice (an NTLS address with device "none").
        const examples = Object.fromEntries(fields.map((f) => [f.name, f.initial ?? f.placeholder ?? '']))
        const defaults = Object.fromEntries(fields.map((f) => [f.name, f.initial ?? '']))
        const tries = [examples, defaults].map((values) => build(spec, toFields(a, values) as never))
        const built = tries.find((t) => t.ok) ?? tries[0]
        if (built && !built.ok)
          refused.push(`${p.id} / ${a.run}: ${built.error.map((e) => e.message).join('; ')}`)
      }
    expect(refused).toEqual([])
  })
})
