/**
 * client.runVtl: vtl addServer / createCert / verify / listServers / deleteServer, typed visibly in the Luna client
 * tools console, its output parsed, its verdict noted in that console's transcript, with the name check's advice.
 */
import { readFile } from 'node:fs/promises'
import { RacksideError, type Result } from '../../../shared/api'
import {
  parseVtlAddServer,
  parseVtlCreateCert,
  parseVtlListServers,
  parseVtlVerify,
} from '../../../shared/vtl/parse'
import type { ValidParams } from '../../host/routes/types'
import { locateLunaClient, serverPemPath, type LunaClientInstall } from '../index'
import { checkApplianceName, checkClientName } from '../name-check'
import type { ApplianceOfSession } from './types'
import { displayArg, type ToolsConsole } from './vtl'

/** What the vtl step needs of the client service. */
export interface VtlStepContext {
  dataDir: string
  platform: string
  located: Map<string, LunaClientInstall & { demo: boolean }>
  installOf(client: string): LunaClientInstall & { demo: boolean }
  toolsOf(client: string): ToolsConsole
  noteTools(client: string, text: string): void
  sessionAppliance(client: string, sessionId: string): ApplianceOfSession
  applianceOf(
    client: string,
    sessionId: string,
  ): ApplianceOfSession & { target: NonNullable<ApplianceOfSession['target']> }
  checkClientFor(install: LunaClientInstall & { demo: boolean }, profileId: string): void
}

export async function runVtlStep(
  ctx: VtlStepContext,
  client: string,
  params: ValidParams<'client.runVtl'>,
): Promise<Result<'client.runVtl'>> {
  const { platform } = ctx
  const options = { dataDir: ctx.dataDir }
  const { installOf, toolsOf, noteTools, sessionAppliance, applianceOf, checkClientFor, located } = ctx

  const install = installOf(client)
  const console_ = toolsOf(client)
  const args: string[] = [params.action]
  /**
   * The name check (does the name lead where it should?) runs while vtl does. It is advice shown with the
   * result, never a reason to stop the step: a resolver that fails in an unexpected way says nothing.
   */
  let nameCheck: Promise<string | undefined> = Promise.resolve(undefined)
  const advice = (check: Promise<string | undefined>) => check.catch(() => undefined)
  if (params.action === 'addServer' || params.action === 'deleteServer') {
    let server = params.server
    let pem: string | undefined
    let applianceHost: string | undefined
    if (params.sessionId) {
      const a = applianceOf(client, params.sessionId)
      checkClientFor(install, a.profileId)
      server ??= a.target.host
      applianceHost = a.target.host
      pem = serverPemPath(options.dataDir, a.profileId)
    }
    if (!server)
      throw new RacksideError({
        code: 'invalid-request',
        message: 'Name the appliance (its host name or IP address) for vtl.',
      })
    args.push('-n', server)
    if (params.action === 'addServer') {
      if (!pem)
        throw new RacksideError({
          code: 'invalid-request',
          message: 'vtl addServer needs the server.pem pulled from an appliance console: pick the console.',
        })
      await readFile(pem).catch(() => {
        throw new RacksideError({
          code: 'not-found',
          message: 'No server.pem is kept for this appliance yet. Pull it first (step 2).',
        })
      })
      args.push('-c', pem)
      if (applianceHost !== undefined) nameCheck = advice(checkApplianceName(server, applianceHost))
    }
  }
  if (params.action === 'createCert') {
    if (!params.clientName)
      throw new RacksideError({
        code: 'invalid-request',
        message: "Give this computer's name (FQDN with DNS) or IP address for vtl createCert.",
      })
    args.push('-n', params.clientName)
    let applianceHost: string | undefined
    try {
      applianceHost = params.sessionId ? sessionAppliance(client, params.sessionId).target?.host : undefined
    } catch {
      // A console closed meanwhile: the name is still checked against this computer.
    }
    nameCheck = advice(
      checkClientName(params.clientName, applianceHost === undefined ? {} : { applianceHost }),
    )
  }
  const display = ['vtl', ...args].map(displayArg).join(' ')
  const run = await console_.run(install.vtlPath, args, { cwd: install.folder, display })
  const nameWarning = await nameCheck
  const parsed =
    params.action === 'addServer'
      ? parseVtlAddServer(run.output)
      : params.action === 'createCert'
        ? parseVtlCreateCert(run.output)
        : params.action === 'verify'
          ? parseVtlVerify(run.output)
          : params.action === 'listServers'
            ? parseVtlListServers(run.output)
            : undefined
  // The configuration vtl createCert writes may not have existed when the client was located.
  if (params.action === 'createCert' && !install.configPath) {
    const again = await locateLunaClient({ vtlPath: install.vtlPath, platform, skipVersion: true })
    located.set(client, {
      ...install,
      ...again,
      version: install.version,
      versionNote: install.versionNote,
    })
  }
  const ok = run.exitCode === 0 && (parsed === undefined || parsed.ok)
  const problem = run.timedOut
    ? 'vtl did not finish within 60 s and was stopped.'
    : parsed && !parsed.ok
      ? parsed.error.message
      : undefined
  noteTools(
    client,
    `Client step ${ok ? 'done' : 'failed'} (exit ${run.exitCode ?? 'none'})${problem ? `: ${problem}` : ''} — ran ${display}`,
  )
  if (nameWarning) noteTools(client, `Name check: ${nameWarning}`)
  return {
    action: params.action,
    command: display,
    exitCode: run.exitCode,
    ok,
    output: run.output,
    ...(parsed?.ok ? { facts: parsed.value } : {}),
    ...(problem ? { problem } : {}),
    ...(nameWarning ? { warnings: [nameWarning] } : {}),
  }
}
