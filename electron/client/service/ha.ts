/**
 * High Availability on the client (HID procedure, "About High Availability Mode"): `vtl haAdmin` run visibly in
 * the Luna client tools console, each change proved by reading `vtl haAdmin show` back.
 *
 * The partition password (the same on every member) is read from the keychain here and typed at vtl's own
 * password prompt in the console's terminal, never put on vtl's command line or in its environment, where any
 * local user could read it while vtl runs (ps, /proc/PID/cmdline). Left off the command line, Luna's client
 * tools ask for the password: lunacm does in openstack/ansible-role-lunasa-hsm (tasks/main.yaml answers its
 * "password" prompt with ansible's expect), and thalesdocs.com says so of lunacm `role createchallenge` ("If
 * this option is not included, you will be prompted") and lunash `cluster member authorize` ("If this option is
 * omitted ... LunaSH prompts for the password"). vtl haAdmin's own prompt text is not published, so any last line
 * asking for a password is answered, once. The vault registers the secret, so no transcript records it even if
 * a terminal echoed it.
 */
import { RacksideError, type Params, type Result } from '../../../shared/api'
import { parseVtlHaAdminShow, type HaAdminShow } from '../../../shared/vtl/parse'
import type { Vault } from '../../vault/index'
import { displayArg, type ToolsConsole, type VtlRun } from './vtl'

export type HaAdminParams = Params<'client.haAdmin'>
export type HaAdminResult = Result<'client.haAdmin'>

export interface HaAdminContext {
  tools: ToolsConsole
  vtlPath: string
  folder: string
  vault: () => Promise<Vault>
}

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

/** vtl's question for the partition password: a last line that asks for a password and ends in a colon. */
const PASSWORD_PROMPT = /password[^:]*:\s*$/i

/** The group a name refers to: its label (any case) or its number. */
function groupNamed(show: HaAdminShow, name: string) {
  return show.groups.find((g) => sameName(g.label, name) || g.number === name)
}

/** What the read-back must show for the action to count as done; undefined when it does. */
function unproved(params: HaAdminParams, show: HaAdminShow): string | undefined {
  switch (params.action) {
    case 'show':
      return undefined
    case 'newGroup':
    case 'addMember': {
      const name = params.action === 'newGroup' ? params.label : params.group
      const group = groupNamed(show, name)
      if (!group) return `vtl haAdmin show lists no HA group ${name}.`
      if (!group.members.includes(params.serial))
        return `vtl haAdmin show does not list partition ${params.serial} as a member of ${group.label}.`
      return undefined
    }
    case 'haOnly': {
      const shown = show.settings['Only Show HA Slots']
      const wanted = params.enable ? 'yes' : 'no'
      return shown?.toLowerCase() === wanted
        ? undefined
        : `vtl haAdmin show says "Only Show HA Slots: ${shown ?? '(not shown)'}", not ${wanted}.`
    }
    case 'synchronize':
      return groupNamed(show, params.group)
        ? undefined
        : `vtl haAdmin show lists no HA group ${params.group}.`
  }
}

/** The error vtl printed last, for the operator: its own words say best what went wrong. */
function lastWords(run: VtlRun): string {
  const lines = run.output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
  return lines.find((l) => /^error\b/i.test(l)) ?? lines.at(-1) ?? `vtl exited with ${run.exitCode}.`
}

async function partitionPassword(
  context: HaAdminContext,
  account: { applianceId: string; partition: string },
) {
  const secret = await (await context.vault()).get({ kind: 'partition', ...account })
  if (!secret)
    throw new RacksideError({
      code: 'not-found',
      message: `No password is kept for partition ${account.partition} of this appliance. Keep it in the keychain first (step 10 of the client side): every member of an HA group uses the same partition password.`,
    })
  return secret
}

export async function runHaAdmin(context: HaAdminContext, params: HaAdminParams): Promise<HaAdminResult> {
  const args = ['haAdmin']
  let secret: string | undefined
  switch (params.action) {
    case 'show':
      args.push('show')
      break
    case 'newGroup':
      secret = await partitionPassword(context, params.password)
      args.push('newGroup', '-serialNum', params.serial, '-label', params.label)
      break
    case 'addMember':
      secret = await partitionPassword(context, params.password)
      args.push('addMember', '-group', params.group, '-serialNum', params.serial)
      break
    case 'haOnly':
      args.push('HAOnly', params.enable ? '-enable' : '-disable')
      break
    case 'synchronize':
      args.push('synchronize', '-group', params.group)
      break
  }
  const display = ['vtl', ...args].map(displayArg).join(' ')
  const where = { cwd: context.folder }
  const run = await context.tools.run(context.vtlPath, args, {
    ...where,
    display,
    ...(secret ? { secretPrompt: { prompt: PASSWORD_PROMPT, secret } } : {}),
  })
  const result = { action: params.action, command: display, exitCode: run.exitCode, output: run.output }
  if (run.timedOut)
    return { ...result, ok: false, problem: 'vtl did not finish within 60 s and was stopped.' }
  if (run.askedAgain)
    return {
      ...result,
      ok: false,
      problem:
        'vtl asked for the partition password a second time, so it refused the one kept in the keychain; Rackside stopped vtl rather than answer again. Check the password kept in step 10 (the same on every member), then run the step again.',
    }
  if (run.exitCode !== 0) return { ...result, ok: false, problem: lastWords(run) }

  const shown =
    params.action === 'show'
      ? run
      : await context.tools.run(context.vtlPath, ['haAdmin', 'show'], {
          ...where,
          display: 'vtl haAdmin show',
        })
  const parsed = parseVtlHaAdminShow(shown.output)
  if (!parsed.ok) return { ...result, ok: false, problem: parsed.error.message }
  const readBack = {
    groups: parsed.value.groups,
    haOnly: parsed.value.settings['Only Show HA Slots']?.toLowerCase() === 'yes',
  }
  const problem = unproved(params, parsed.value)
  return { ...result, ok: problem === undefined, readBack, ...(problem ? { problem } : {}) }
}
