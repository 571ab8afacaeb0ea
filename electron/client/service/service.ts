/**
 * The host's side of the client-side wizard (issue 6): locate the Luna client, pull server.pem and push the client
 * certificate over the appliance console's verified SSH target, run vtl visibly in the Luna client tools console,
 * prove the trust link, list the PKCS#11 slots and edit the CMS files through a preview the operator approves.
 *
 * The renderer names an appliance only by its console session (whose SSH target and host key the host already
 * verified), files only as checked paths (paths.ts), and never receives a password or a file's bytes.
 */
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import tls from 'node:tls'
import type { X509Certificate } from 'node:crypto'
import { join, posix, win32 } from 'node:path'
import {
  RacksideError,
  type ErrorCode,
  type EventName,
  type EventPayload,
  type Result,
} from '../../../shared/api'
import { lunaClientSettings, parseChrystoki } from '../../../shared/cmsconfig/chrystoki'
import {
  parseVtlAddServer,
  parseVtlCreateCert,
  parseVtlListServers,
  parseVtlVerify,
} from '../../../shared/vtl/parse'
import {
  applyPreview,
  certificateFingerprints,
  checkSlotExists,
  connectApplianceForTransfer,
  defaultCmsPaths,
  ensureCmsSlotIniFromDistribution,
  listSlots,
  locateLunaClient,
  matchesReportedFingerprint,
  NTLS_PORT,
  previewCmsSlotIni,
  previewPkcs11Cfg,
  probeApplianceLink,
  pullServerPem,
  pushClientCertificate,
  resolveCryptokiLibrary,
  serverPemPath,
  type FilePreview,
  type LunaClientInstall,
} from '../index'
import { checkApplianceName, checkClientName } from '../name-check'
import { withTranscript, type ConsoleSession, type LiveAppliances, type SessionSink } from '../../sessions'
import type { DemoProvider } from '../../host/demo'
import type { ValidParams } from '../../host/routes/types'
import { checkedCmsFilePath, checkedFolder, checkedLibrary } from './paths'
import { runHaAdmin } from './ha'
import { displayArg, openToolsConsole, type ToolsConsole } from './vtl'
import { vaultError, type KeychainService } from '../../vault/service'

/** The profile id of the Luna client tools console (opened with sessions.open like any console). */
export const CLIENT_TOOLS_PROFILE = 'client-tools'

export interface ApplianceOfSession {
  profileId: string
  title: string
  target?: { host: string; port: number; hostKeyFingerprint: string }
}

export interface ClientServiceOptions {
  dataDir: string
  /**
   * The built-in demo appliance a console profile opens (the password demo, the PED demo), if it is one: each has
   * its own NTLS port and its own simulated Luna client.
   */
  demoOf(profileId: string): DemoProvider | undefined
  /**
   * The live appliances: the one a console session id names, for this transport client (its SSH address and the
   * key Rackside verified or remembers), and where the Luna client located last is kept for the local terminal.
   */
  appliances: Pick<LiveAppliances, 'mine' | 'lunaClientFolder'>
  emit<E extends EventName>(client: string, name: E, payload: EventPayload<E>): void
  /** The host's one keychain (the appliance admin password for transfers, HA member passwords). */
  keychain: KeychainService
  platform?: string
  /** How long an NTLS check waits (tests shorten it). */
  probeTimeoutMs?: number
}

export type VtlAction = 'addServer' | 'createCert' | 'verify' | 'listServers' | 'deleteServer'

interface KeptPreview {
  client: string
  preview: FilePreview
  library: string | undefined
  at: number
}

const PREVIEW_TTL_MS = 30 * 60_000

/** Maps the client side's typed errors to contract codes; the messages already say what to do. */
export function clientError(error: unknown): RacksideError {
  if (error instanceof RacksideError) return error
  const fromVault = vaultError(error)
  if (fromVault) return fromVault
  const e = error as { code?: unknown; name?: string; message?: string }
  const message = e?.message ?? String(error)
  const byCode: Record<string, ErrorCode> = {
    'keychain-unavailable': 'keychain-unavailable',
    'file-changed': 'file-changed',
    'slot-not-found': 'slot-not-found',
    'luna-client-not-found': 'luna-client-not-found',
    'password-change-required': 'password-change-required',
    'cryptoki-load-failed': 'cryptoki-failed',
    'cryptoki-call-failed': 'cryptoki-failed',
    'cryptoki-timeout': 'cryptoki-failed',
    'cryptoki-not-found': 'cryptoki-failed',
    'host-key-mismatch': 'host-key-mismatch',
    'auth-failed': 'auth-failed',
    'connection-failed': 'connection-failed',
    'no-stored-password': 'auth-failed',
    'no-server-pem': 'not-found',
    'cms-file-missing': 'not-found',
    'client-certificate-missing': 'not-found',
    'client-key-encrypted': 'invalid-request',
    'server-pem-invalid': 'file-corrupt',
    'file-write-failed': 'internal',
    busy: 'busy',
  }
  const code = typeof e?.code === 'string' ? byCode[e.code] : undefined
  if (code) return new RacksideError({ code, message })
  if (e?.name === 'ConfigFileCorruptError' || e?.name === 'ChrystokiParseError')
    return new RacksideError({ code: 'file-corrupt', message })
  if (e?.name === 'InvalidSlotChoiceError' || e?.name === 'UnencodableTextError')
    return new RacksideError({ code: 'invalid-request', message })
  if (e?.name === 'ScpProtocolError' || e?.name === 'ScpRemoteError' || e?.name === 'SshTransferError')
    return new RacksideError({ code: 'connection-failed', message })
  return new RacksideError({ code: 'internal', message: `Rackside hit an unexpected error: ${message}` })
}

/** What the operator should do about each NTL diagnosis, as a short instruction. */
export const NTL_ADVICE: Record<string, string> = {
  'port-closed': "On the appliance: 'ntls show' and 'service restart ntls'; check the firewall for TCP 1792.",
  unreachable: 'Check the address, the cable and any firewall between this computer and the appliance.',
  'server-certificate-changed':
    'Pull server.pem again (step 2), then vtl deleteServer and vtl addServer with the new file (step 3).',
  'client-not-registered':
    'Push the client certificate (step 4) and register the client with the assigned partition (step 5).',
  'client-registered-with-other-certificate':
    'Push this certificate again, then client delete and client register on the appliance (step 5).',
  'no-partition': 'Assign the partition to the client on the appliance (step 5).',
  'clock-skew': "Set the appliance's time (sysconf time, NTP) or this computer's, then check again.",
  'source-address-refused':
    "Register the client with the address the appliance sees, or run 'ntls ipcheck disable' on the appliance.",
  'client-certificate-invalid': 'Run vtl createCert again (step 3), push and register the new certificate.',
  'link-refused':
    "Read 'client show', 'client fingerprint' and 'ntls ipcheck show' (the check does this when the console is free) to tell the cause.",
  'unexpected-reply': 'Check again; if it repeats, run vtl verify and read what it prints.',
}

/** Reads the certificate the appliance presents on its NTLS port (no client certificate is sent). */
export function readNtlsServerCertificate(
  host: string,
  port: number,
  timeoutMs = 5000,
): Promise<X509Certificate | undefined> {
  return new Promise((resolve) => {
    let done = false
    const finish = (cert: X509Certificate | undefined): void => {
      if (done) return
      done = true
      socket.destroy()
      resolve(cert)
    }
    const socket = tls.connect({
      host,
      port,
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
      minVersion: 'TLSv1.2',
      timeout: timeoutMs,
    })
    socket.once('secureConnect', () => finish(socket.getPeerX509Certificate()))
    socket.once('error', () => finish(undefined))
    socket.once('timeout', () => finish(undefined))
    setTimeout(() => finish(undefined), timeoutMs)
  })
}

export interface ClientService {
  /** sessions.open for CLIENT_TOOLS_PROFILE: one tools console per transport client. */
  openTools(
    client: string,
    cols: number,
    rows: number,
    sink: SessionSink,
  ): Promise<{ session: ConsoleSession; transcript?: string }>
  locate(client: string, params: ValidParams<'client.locate'>): Promise<Result<'client.locate'>>
  pullServerPem(
    client: string,
    params: ValidParams<'client.pullServerPem'>,
  ): Promise<Result<'client.pullServerPem'>>
  pushCertificate(client: string, params: ValidParams<'client.pushCert'>): Promise<Result<'client.pushCert'>>
  runVtl(client: string, params: ValidParams<'client.runVtl'>): Promise<Result<'client.runVtl'>>
  haAdmin(client: string, params: ValidParams<'client.haAdmin'>): Promise<Result<'client.haAdmin'>>
  probe(client: string, params: ValidParams<'client.probe'>): Promise<Result<'client.probe'>>
  listSlots(client: string, params: ValidParams<'client.listSlots'>): Promise<Result<'client.listSlots'>>
  cmsDefaults(): Result<'client.cmsDefaults'>
  preview(client: string, params: ValidParams<'client.cmsPreview'>): Promise<Result<'client.cmsPreview'>>
  apply(client: string, params: ValidParams<'client.cmsApply'>): Promise<Result<'client.cmsApply'>>
  copyFromDistribution(
    client: string,
    params: ValidParams<'client.cmsCopyFromDistribution'>,
  ): Promise<Result<'client.cmsCopyFromDistribution'>>
  clientGone(client: string): void
}

export function createClientService(options: ClientServiceOptions): ClientService {
  const platform = options.platform ?? process.platform
  const { keychain } = options
  const sessionAppliance = (client: string, sessionId: string): ApplianceOfSession =>
    options.appliances.mine(client, sessionId).describe()
  const located = new Map<string, LunaClientInstall & { demo: boolean }>()
  const tools = new Map<string, ToolsConsole>()
  /** The same consoles as their transcripts see them: where Rackside's verdicts are noted. */
  const toolsRecords = new Map<string, ConsoleSession>()
  const previews = new Map<string, KeptPreview>()

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

  const sweep = (): void => {
    const now = Date.now()
    for (const [id, kept] of previews) if (now - kept.at > PREVIEW_TTL_MS) previews.delete(id)
  }

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
        const vault = await keychain.vault()
        const conn = await connectApplianceForTransfer({
          vault,
          applianceId: a.profileId,
          host: a.target.host,
          port: a.target.port,
          expectedHostKey: a.target.hostKeyFingerprint,
        })
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
        const vault = await keychain.vault()
        const conn = await connectApplianceForTransfer({
          vault,
          applianceId: a.profileId,
          host: a.target.host,
          port: a.target.port,
          expectedHostKey: a.target.hostKeyFingerprint,
        })
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

    runVtl: (client, params) =>
      wrap(async () => {
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
                message:
                  'vtl addServer needs the server.pem pulled from an appliance console: pick the console.',
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
            applianceHost = params.sessionId
              ? sessionAppliance(client, params.sessionId).target?.host
              : undefined
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
      }),

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

    listSlots: (client, params) =>
      wrap(async () => {
        const install = located.get(client)
        const configured = params.library ? await checkedLibrary(params.library, platform) : undefined
        const library = await resolveCryptokiLibrary({
          ...(configured ? { configured } : {}),
          ...(install?.configPath ? { chrystokiPath: install.configPath } : {}),
          ...(install ? { clientFolder: install.folder } : {}),
          platform,
        })
        const listing = await listSlots(library.path)
        // Plain copies: the contract's reply is an open object (it may carry more fields than it names).
        return {
          library: library.path,
          source: library.source,
          module: { ...listing.module },
          slots: listing.slots.map(({ token, ...slot }) => ({
            ...slot,
            ...(token ? { token: { ...token } } : {}),
          })),
        }
      }),

    cmsDefaults() {
      const d = defaultCmsPaths()
      return {
        ...d,
        note:
          platform === 'win32'
            ? 'These are where ActivID CMS for Windows keeps the files.'
            : 'ActivID CMS runs on Windows; on this computer choose where the files are (for example a copy to review).',
      }
    },

    preview: (client, params) =>
      wrap(async () => {
        sweep()
        const path = checkedCmsFilePath(params.path, params.file, platform)
        const library = params.library ? await checkedLibrary(params.library, platform) : undefined
        let preview: FilePreview
        if (params.file === 'cmsslot.ini')
          preview = await previewCmsSlotIni(path, params.choice, {
            ...(params.createIfMissing ? { createIfMissing: true } : {}),
          })
        else {
          if (params.choice.by !== 'slot-id')
            throw new RacksideError({
              code: 'invalid-request',
              message: 'pkcs11.cfg names the slot by its ID (slot=<id>): pick a slot ID.',
            })
          preview = await previewPkcs11Cfg(path, params.choice.slotId)
        }
        const previewId = `pv-${randomBytes(8).toString('hex')}`
        previews.set(previewId, { client, preview, library, at: Date.now() })
        return {
          previewId,
          path: preview.path,
          file: preview.file,
          existed: preview.existed,
          encoding: preview.encoding,
          bom: preview.bom,
          changed: preview.changed,
          diff: preview.diff,
          changes: preview.changes,
          warnings: preview.warnings,
        }
      }),

    apply: (client, params) =>
      wrap(async () => {
        const kept = previews.get(params.previewId)
        if (!kept || kept.client !== client || Date.now() - kept.at > PREVIEW_TTL_MS)
          throw new RacksideError({
            code: 'not-found',
            message:
              'That preview is no longer kept (it was applied, or it is older than 30 minutes). Preview again.',
          })
        const install = located.get(client)
        const result = await applyPreview(kept.preview, {
          checkSlot: async (choice) => {
            const lib = await resolveCryptokiLibrary({
              ...(kept.library ? { configured: kept.library } : {}),
              ...(install?.configPath ? { chrystokiPath: install.configPath } : {}),
              ...(install ? { clientFolder: install.folder } : {}),
              platform,
            })
            return checkSlotExists(lib.path, choice)
          },
        })
        previews.delete(params.previewId)
        return result
      }),

    copyFromDistribution: (_client, params) =>
      wrap(async () => {
        const path = checkedCmsFilePath(params.path, 'cmsslot.ini', platform)
        const folder = await checkedFolder(params.distributionFolder, 'CMS distribution folder', platform)
        return ensureCmsSlotIniFromDistribution(path, folder)
      }),

    clientGone(client) {
      tools.get(client)?.close()
      tools.delete(client)
      located.delete(client)
      for (const [id, kept] of previews) if (kept.client === client) previews.delete(id)
    },
  }
}
