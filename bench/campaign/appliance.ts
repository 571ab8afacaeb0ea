/**
 * The campaign's view of the simulated appliance: its real state, read and reset directly, and every failed
 * SO or partition login as the appliance counted it. Judging by what the console printed would let the same
 * faults that fool the runner fool the judge.
 *
 * The simulator's contract has no state accessor (transports have no business with it), so this reaches the
 * appliance's core the way simulator/appliance/testkit.ts does, and wraps the commands that check an SO or
 * partition password. If the simulator's inside changes shape, this says so instead of judging wrongly.
 */
import type { ApplianceContract } from '../../simulator/index'
import type { CommandContext, CommandSpec } from '../../simulator/appliance/commandTable'
import { hsmCommands } from '../../simulator/appliance/commands/hsm'
import { partitionCommands } from '../../simulator/appliance/commands/partition'
import type { ApplianceCore } from '../../simulator/appliance/core'
import { CommandFailure } from '../../simulator/appliance/errors'
import type { ApplianceState } from '../../simulator/appliance/state'

export type { ApplianceState } from '../../simulator/appliance/state'

/** One wrong SO or partition password the appliance counted against its owner. */
export interface LoginFailure {
  role: 'so' | 'partition'
  /** The command line's canonical words: `hsm login`, `partition activate`. */
  command: string
  /** What was typed at the password question (or given as an option); undefined on a PED login. */
  answer: string | undefined
  at: number
}

export interface ApplianceProbe {
  /** The live state (read only: change it with restore). */
  state(): ApplianceState
  /** A deep copy of the state now. */
  snapshot(): ApplianceState
  /** Replaces the whole state (between runs, while no command runs). */
  restore(state: ApplianceState): void
  /** The login failures since the last call. */
  takeLoginFailures(): LoginFailure[]
}

/** Commands that check an SO or partition password, and whose secret it is. */
const CHECKED: { words: string; role: LoginFailure['role'] }[] = [
  { words: 'hsm login', role: 'so' },
  { words: 'partition activate', role: 'partition' },
  { words: 'partition deactivate', role: 'partition' },
  { words: 'partition changePw', role: 'partition' },
]
const WRONG_PASSWORD = /LUNA_RET_UM_PIN_INCORRECT|LUNA_RET_SO_LOGIN_FAILURE_THRESHOLD/
const failures = new Map<ApplianceCore, LoginFailure[]>()
const WRAPPED = Symbol('campaign-login-counter')

/** Wraps each password-checking command once per process: a wrong password is recorded against its appliance. */
function countLoginFailures(): void {
  for (const { words, role } of CHECKED) {
    const spec = [...hsmCommands, ...partitionCommands].find((s) => s.words.join(' ') === words) as
      | (CommandSpec & { [WRAPPED]?: true })
      | undefined
    if (!spec)
      throw new Error(`the simulator has no '${words}' command any more: update bench/campaign/appliance.ts`)
    if (spec[WRAPPED]) continue
    const run = spec.run.bind(spec)
    spec.run = async (ctx: CommandContext) => {
      const answers: string[] = []
      const io = {
        ...ctx.io,
        ask: async (...args: Parameters<CommandContext['io']['ask']>) => {
          const answer = await ctx.io.ask(...args)
          answers.push(answer)
          return answer
        },
      }
      try {
        await run({ ...ctx, io })
      } catch (error) {
        if (error instanceof CommandFailure && WRONG_PASSWORD.test(error.body)) {
          const list = failures.get(ctx.app) ?? []
          list.push({
            role,
            command: words,
            answer: answers.at(-1) ?? ctx.option('password') ?? ctx.option('oldpw'),
            at: Date.now(),
          })
          failures.set(ctx.app, list)
        }
        throw error
      }
    }
    spec[WRAPPED] = true
  }
}

export function probeAppliance(appliance: ApplianceContract): ApplianceProbe {
  const core = (appliance as unknown as { core?: ApplianceCore }).core
  if (!core || typeof core.state !== 'object' || typeof core.commit !== 'function')
    throw new Error('the simulated appliance has no core with a state: update bench/campaign/appliance.ts')
  countLoginFailures()
  return {
    state: () => core.state,
    snapshot: () => structuredClone(core.state),
    restore(state) {
      core.state = structuredClone(state)
      core.commit()
    },
    takeLoginFailures() {
      const list = failures.get(core) ?? []
      failures.set(core, [])
      return list
    },
  }
}
