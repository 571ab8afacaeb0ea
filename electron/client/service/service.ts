/**
 * The host's side of the client-side wizard (issue 6): locate the Luna client, pull server.pem and push the client
 * certificate over the appliance console's verified SSH target, run vtl visibly in the Luna client tools console,
 * prove the trust link, list the PKCS#11 slots and edit the CMS files through a preview the operator approves.
 *
 * The renderer names an appliance only by its console session (whose SSH target and host key the host already
 * verified), files only as checked paths (paths.ts), and never receives a password or a file's bytes.
 */
import { readFile } from 'node:fs/promises'
import { join, posix, win32 } from 'node:path'
import { RacksideError } from '../../../shared/api'
import { lunaClientSettings, parseChrystoki } from '../../../shared/cmsconfig/chrystoki'
import {
  certificateFingerprints,
  connectApplianceForTransfer,
  locateLunaClient,
  matchesReportedFingerprint,
  NTLS_PORT,
  probeApplianceLink,
  pullServerPem,
  pushClientCertificate,
  type LunaClientInstall,
} from '../index'
import { withTranscript, type ConsoleSession } from '../../sessions'
import { cmsSteps } from './cms-steps'
import { clientError, NTL_ADVICE } from './errors'
import { runHaAdmin } from './ha'
import { readNtlsServerCertificate } from './ntls-certificate'
import { checkedFolder } from './paths'
import type { ApplianceOfSession, ClientService, ClientServiceOptions } from './types'
import { runVtlStep, type VtlStepContext } from './vtl-step'
import { openToolsConsole, type ToolsConsole } from './vtl'

/** The profile id of the Luna client tools console (opened with sessions.open like any console). */
export const CLIENT_TOOLS_PROFILE = 'client-tools'

export type { ApplianceOfSession, ClientService, ClientServiceOptions, VtlAction } from './types'
export { clientError, NTL_ADVICE } from './errors'
export { readNtlsServerCertificate } from './ntls-certificate'

export function createClientService(options: ClientServiceOptions): ClientService {
  const platform = options.platform ?? process.platform
  const { keychain } = options
  const sessionAppliance = (client: string, sessionId: string): ApplianceOfSession =>
    options.appliances.mine(client, sessionId).describe()
  const located = new Map<string, LunaClientInstall & { demo: boolean }>()
  const tools = new Map<string, ToolsConsole>()
  /** The same consoles as their transcripts see them: where Rackside's verdicts are noted. */
  const toolsRecords = new Map<string, ConsoleSession>()

  const wrap = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run()
    } catch (error) {
      throw clientError(error)
    }
  }

  const installOf = (client: string): LunaClientInstall & { demo: boolean } => {
    const found = located.get(client)
    if (!found)
      throw new RacksideError({
        code: 'luna-client-not-found',
        message: 'Locate the Luna client first (step 1): Rackside runs vtl from the folder found there.',
      })
    return found
  }

  const toolsOf = (client: string): ToolsConsole => {
    const console_ = tools.get(client)
    if (!console_ || console_.ended)
      throw new RacksideError({
        code: 'not-found',
        message: 'The Luna client tools console is not open. Open it in the wizard, then run the step again.',
      })
    return console_
  }

  /** A line in the tools console's transcript (when it is open): Rackside's verdict on a client-side step. */
  const noteTools = (client: string, text: string): void => {
    if (tools.get(client)?.ended === false) toolsRecords.get(client)?.note?.(text)
  }

  const applianceOf = (client: string, sessionId: string) => {
    const a = sessionAppliance(client, sessionId)
    if (!a.target)
      throw new RacksideError({
        code: 'not-found',
        message:
          'Rackside has no remembered SSH host key for this appliance, so it will not copy files with it. Connect over SSH and choose ' +
          "'remember' for its key, or pin the key from the serial console (sysconf fingerprint ssh), then try again.",
      })
    return { ...a, target: a.target }
  }

  /** The admin's file transfer to the console's appliance: its stored password, the host key it verified. */
  const transferTo = async (a: ReturnType<typeof applianceOf>) =>
    connectApplianceForTransfer({
      vault: await keychain.vault(),
      applianceId: a.profileId,
      host: a.target.host,
      port: a.target.port,
      expectedHostKey: a.target.hostKeyFingerprint,
    })

  /** Where the appliance's NTLS listens: its demo appliance's own port, else 1792 on the SSH address. */
  const ntlsOf = (a: ApplianceOfSession & { target: { host: string } }) => {
    const demo = options.demoOf(a.profileId)?.current?.()
    if (demo?.ntls) return { host: demo.ntls.host, port: demo.ntls.port, demo: true }
    return { host: a.target.host, port: NTLS_PORT, demo: false }
  }

  /**
   * A demo appliance's simulated Luna client reaches only its own appliance: a client located for the other demo
   * would register the wrong server and check the wrong link, so the step is refused and says what to do.
   */
  const checkClientFor = (install: LunaClientInstall & { demo: boolean }, profileId: string): void => {
    if (!install.demo) return
    const running = options.demoOf(profileId)?.current?.()
    if (running?.clientRoot && running.clientRoot !== install.folder)
      throw new RacksideError({
        code: 'invalid-request',
        message:
          "The Luna client located in step 1 belongs to another demo appliance, whose simulated client cannot reach this one. In step 1 choose 'Use the demo appliance’s client' with this console selected, then run the step again.",
      })
  }

  const configOf = (install: LunaClientInstall): string => {
    if (!install.configPath)
      throw new RacksideError({
        code: 'not-found',
        message: `The Luna client in ${install.folder} has no Chrystoki.conf yet. Run vtl createCert (step 3) first.`,
      })
    return install.configPath
  }

  const vtlContext: VtlStepContext = {
    dataDir: options.dataDir,
    platform,
    located,
    installOf,
    toolsOf,
    noteTools,
    sessionAppliance,
    applianceOf,
    checkClientFor,
  }
  const { forget: forgetPreviews, ...cms } = cmsSteps({ platform, located, wrap })

  return {
    async openTools(client, cols, rows, sink) {
      const existing = tools.get(client)
      if (existing && !existing.ended) existing.close()
      const install = located.get(client)
      // The tools console is transcribed like every console (redacted, timestamped), for the ceremony record.
      let tool: ToolsConsole | undefined
      const opened = await withTranscript(
        { dir: join(options.dataDir, 'transcripts'), title: 'Luna client tools' },
        sink,
        async (logged) =>
          (tool = await openToolsConsole(logged, {
            cols,
            rows,
            ...(install ? { folder: install.folder } : {}),
          })),
      )
      tools.set(client, tool!)
      toolsRecords.set(client, opened.session)
      return opened
    },

    locate: (client, params) =>
      wrap(async () => {
        let found: LunaClientInstall
        let demo = false
        if (params.demo) {
          // Each demo appliance has its own simulated client: the one of the console the operator picked.
          if (!params.sessionId)
            throw new RacksideError({
              code: 'invalid-request',
              message:
                'Pick the demo appliance’s console first: each demo appliance has its own simulated Luna client.',
            })
          const { profileId } = sessionAppliance(client, params.sessionId)
          const provider = options.demoOf(profileId)
          if (!provider)
            throw new RacksideError({
              code: 'invalid-request',
              message:
                'This console is not a demo appliance, so it has no simulated Luna client. Give the folder of your Luna client instead.',
            })
          const running = provider.current?.()
          if (!running?.vtlPath)
            throw new RacksideError({
              code: 'luna-client-not-found',
              message:
                'The demo appliance is not running, so its simulated Luna client is not there. Connect to the demo appliance first.',
            })
          found = await locateLunaClient({ vtlPath: running.vtlPath, platform })
          demo = true
        } else {
          const folder = params.folder
            ? await checkedFolder(params.folder, 'Luna client folder', platform)
            : undefined
          found = await locateLunaClient({ ...(folder ? { folder } : {}), platform })
        }
        located.set(client, { ...found, demo })
        options.appliances.lunaClientFolder = found.folder
        return { ...found, demo }
      }),

    pullServerPem: (client, params) =>
      wrap(async () => {
        const a = applianceOf(client, params.sessionId)
        const conn = await transferTo(a)
        let pulled
        try {
          pulled = await pullServerPem(conn, {
            applianceId: a.profileId,
            dataDir: options.dataDir,
            onProgress: (p) =>
              options.emit(client, 'client.transfer.progress', {
                sessionId: params.sessionId,
                file: 'server.pem',
                transferred: p.transferred,
                total: p.total,
              }),
          })
        } finally {
          conn.close()
        }
        // What the appliance itself presents on NTLS must be the file just pulled.
        const ntls = ntlsOf(a)
        const presented = await readNtlsServerCertificate(ntls.host, ntls.port)
        const presentedSha256 = presented ? certificateFingerprints(presented).sha256 : undefined
        const pem = await readFile(pulled.path)
        let reported: boolean | undefined
        if (params.reportedFingerprint) {
          reported = matchesReportedFingerprint(pem, params.reportedFingerprint)
          if (reported === undefined)
            throw new RacksideError({
              code: 'invalid-request',
              message:
                'The fingerprint you typed is not an MD5, SHA-1 or SHA-256 fingerprint. Copy it as the appliance prints it.',
            })
        }
        return {
          path: pulled.path,
          via: pulled.via,
          fingerprints: pulled.fingerprints,
          subject: pulled.subject,
          validFrom: pulled.validFrom,
          validTo: pulled.validTo,
          ...(pulled.replacedSha256 ? { replacedSha256: pulled.replacedSha256 } : {}),
          ntls: {
            endpoint: `${ntls.host}:${ntls.port}`,
            ...(presentedSha256 ? { presentedSha256 } : {}),
            matches:
              presentedSha256 === undefined ? undefined : presentedSha256 === pulled.fingerprints.sha256,
          },
          ...(reported !== undefined ? { reportedMatches: reported } : {}),
        }
      }),

    pushCertificate: (client, params) =>
      wrap(async () => {
        const a = applianceOf(client, params.sessionId)
        const install = installOf(client)
        checkClientFor(install, a.profileId)
        const settings = lunaClientSettings(parseChrystoki(await readFile(configOf(install), 'utf8')))
        const p = platform === 'win32' ? win32 : posix
        // The certificate vtl createCert wrote: <folder>/cert/client/<name>.pem (Chrystoki's ClientCertFile names it).
        const named = settings.clientCertFile
        const expected = `${params.clientName}.pem`
        const certificatePath =
          named && p.basename(named) === expected ? named : p.join(install.folder, 'cert', 'client', expected)
        const conn = await transferTo(a)
        try {
          const pushed = await pushClientCertificate(conn, {
            certificatePath,
            remoteName: expected,
            onProgress: (pr) =>
              options.emit(client, 'client.transfer.progress', {
                sessionId: params.sessionId,
                file: expected,
                transferred: pr.transferred,
                total: pr.total,
              }),
          }).catch((error: NodeJS.ErrnoException) => {
            if (error.code === 'ENOENT')
              throw new RacksideError({
                code: 'not-found',
                message: `There is no client certificate ${certificatePath}. Run vtl createCert -n ${params.clientName} (step 3) first.`,
              })
            throw error
          })
          return { remoteName: expected, certificatePath, ...pushed }
        } finally {
          conn.close()
        }
      }),

    runVtl: (client, params) => wrap(() => runVtlStep(vtlContext, client, params)),

    haAdmin: (client, params) =>
      wrap(async () => {
        const install = installOf(client)
        const result = await runHaAdmin(
          {
            tools: toolsOf(client),
            vtlPath: install.vtlPath,
            folder: install.folder,
            vault: () => keychain.vault(),
          },
          params,
        )
        noteTools(
          client,
          // The command goes last: the redaction of `-password …` takes the word after it whole.
          `Client step ${result.ok ? 'done, read back' : 'failed'}${result.problem ? `: ${result.problem}` : ''} — ran ${result.command}`,
        )
        return result
      }),

    probe: (client, params) =>
      wrap(async () => {
        const a = applianceOf(client, params.sessionId)
        const install = installOf(client)
        checkClientFor(install, a.profileId)
        const ntls = ntlsOf(a)
        const result = await probeApplianceLink({
          applianceId: a.profileId,
          dataDir: options.dataDir,
          host: ntls.host,
          port: ntls.port,
          clientConfigPath: configOf(install),
          mode: ntls.demo ? 'list' : 'handshake',
          ...(params.appliance ? { appliance: params.appliance } : {}),
          ...(options.probeTimeoutMs ? { timeoutMs: options.probeTimeoutMs } : {}),
        })
        noteTools(
          client,
          result.ok
            ? `Proved the Network Trust Link to ${ntls.host}:${ntls.port}: ${result.tlsVersion}, server certificate sha256 ${result.serverSha256}${result.client ? `, registered as client ${result.client}` : ''}.`
            : `The Network Trust Link to ${ntls.host}:${ntls.port} is not proved: ${result.message}`,
        )
        return {
          endpoint: `${ntls.host}:${ntls.port}`,
          ...result,
          ...(!result.ok ? { advice: NTL_ADVICE[result.problem] ?? '' } : {}),
        }
      }),

    ...cms,

    clientGone(client) {
      tools.get(client)?.close()
      tools.delete(client)
      located.delete(client)
      forgetPreviews(client)
    },
  }
}
