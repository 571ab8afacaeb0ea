/**
 * Finds the Luna HSM Client on this computer: its folder, `vtl`, its configuration (Chrystoki.conf on Unix,
 * crystoki.ini on Windows), its cryptoki library, and its version as the tools print it.
 *
 * Version: clients 10.x print a banner first (`vtl (64-bit) v10.7.2-16. Copyright (c) 2024 Thales Group. ...`);
 * the 5.x/6.x tools print none (reference/luna-lunash-vtl.md §3.1), so "no banner" is an answer, not an error.
 * Rackside runs `vtl` with no arguments, which only prints its usage.
 */
import { execFile } from 'node:child_process'
import { access, constants, readFile } from 'node:fs/promises'
import { posix, win32 } from 'node:path'
import { cryptokiLibraryFromChrystoki, parseChrystoki } from '../../shared/cmsconfig/chrystoki'

export const DEFAULT_CLIENT_FOLDERS: Record<'win32' | 'unix', string[]> = {
  win32: ['C:\\Program Files\\SafeNet\\LunaClient'],
  // The standard install, the Luna SA 4.5 client, and the layout seen on Citrix VPX (reference §3.1).
  unix: ['/usr/safenet/lunaclient', '/usr/lunasa', '/var/safenet/safenet/lunaclient'],
}

export interface LunaClientInstall {
  folder: string
  vtlPath: string
  /** `10.7.2-16` from the banner; undefined when the tools print none. */
  version?: string
  /** The banner line as printed, or a sentence saying there was none. */
  versionNote: string
  /** The client configuration file, when it exists. */
  configPath?: string
  /** The cryptoki library the configuration names (or the usual one in the folder), when it exists. */
  cryptokiLibrary?: string
}

export class LunaClientNotFoundError extends Error {
  readonly code = 'luna-client-not-found'
  readonly looked: string[]
  constructor(looked: string[], platform: string) {
    super(
      `The Luna HSM Client was not found (looked for vtl in: ${looked.join(', ')}). ` +
        `Install the Thales Luna HSM Client (SafeNet Luna Network HSM client software, which provides vtl and the cryptoki library) ` +
        `${platform === 'win32' ? 'into C:\\Program Files\\SafeNet\\LunaClient' : 'into /usr/safenet/lunaclient'}, ` +
        'or tell Rackside the folder where it is installed.',
    )
    this.name = 'LunaClientNotFoundError'
    this.looked = looked
  }
}

/** `vtl (64-bit) v10.7.2-16. Copyright ...` → { version: '10.7.2-16', line }. */
export function parseVtlBanner(output: string): { version: string; line: string } | undefined {
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.trim()
    const m = /^(?:vtl|lunacm|LunaCM)\b.*?\bv(\d+\.\d+\.\d+(?:-\d+)?)\b/i.exec(line)
    if (m) return { version: m[1]!, line }
  }
  return undefined
}

const isExecutable = (p: string, platform: string): Promise<boolean> =>
  access(p, platform === 'win32' ? constants.F_OK : constants.X_OK).then(
    () => true,
    () => false,
  )
const exists = (p: string): Promise<boolean> =>
  access(p).then(
    () => true,
    () => false,
  )

/** Where vtl may sit inside a client folder. */
function vtlCandidates(folder: string, platform: string): string[] {
  if (platform === 'win32') return [win32.join(folder, 'vtl.exe')]
  return [posix.join(folder, 'bin', 'vtl'), posix.join(folder, 'vtl')]
}

/** Runs `vtl` with no arguments (usage only) and reads the banner, if any. */
export function readVtlVersion(
  vtlPath: string,
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<{ version?: string; versionNote: string }> {
  return new Promise((resolve) => {
    execFile(
      vtlPath,
      [],
      {
        env: options.env ?? process.env,
        timeout: options.timeoutMs ?? 20_000,
        windowsHide: true,
        maxBuffer: 256 * 1024,
      },
      (error, stdout, stderr) => {
        const banner = parseVtlBanner(`${stdout}\n${stderr}`)
        if (banner) return resolve({ version: banner.version, versionNote: banner.line })
        const ran = !error || typeof (error as { code?: unknown }).code === 'number'
        resolve({
          versionNote: ran
            ? 'vtl printed no version banner: a 5.x/6.x-era client (its tools print none).'
            : `vtl could not be run to read its version (${(error as NodeJS.ErrnoException).code ?? error!.message}).`,
        })
      },
    )
  })
}

export interface LocateOptions {
  /** The operator's folder; tried before the defaults. */
  folder?: string
  /** An explicit vtl (the simulator's `<clientRoot>/bin/vtl`); its folder is the client folder. */
  vtlPath?: string
  platform?: string
  env?: NodeJS.ProcessEnv
  /** Skip running vtl (the version stays unknown). */
  skipVersion?: boolean
}

/** The client configuration file for this install. */
async function configFor(
  folder: string,
  platform: string,
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  if (platform === 'win32') {
    const ini = win32.join(folder, 'crystoki.ini')
    return (await exists(ini)) ? ini : undefined
  }
  const candidates = [
    ...(env.ChrystokiConfigurationPath ? [posix.join(env.ChrystokiConfigurationPath, 'Chrystoki.conf')] : []),
    posix.join(folder, 'Chrystoki.conf'),
    '/etc/Chrystoki.conf',
  ]
  for (const c of candidates) if (await exists(c)) return c
  return undefined
}

export async function locateLunaClient(options: LocateOptions = {}): Promise<LunaClientInstall> {
  const platform = options.platform ?? process.platform
  const env = options.env ?? process.env
  const p = platform === 'win32' ? win32 : posix
  const looked: string[] = []
  let found: { folder: string; vtlPath: string } | undefined

  if (options.vtlPath) {
    looked.push(options.vtlPath)
    if (await isExecutable(options.vtlPath, platform)) {
      const dir = p.dirname(options.vtlPath)
      found = {
        folder: p.basename(dir).toLowerCase() === 'bin' ? p.dirname(dir) : dir,
        vtlPath: options.vtlPath,
      }
    }
  }
  const folders = [
    ...(options.folder ? [options.folder] : []),
    ...DEFAULT_CLIENT_FOLDERS[platform === 'win32' ? 'win32' : 'unix'],
  ]
  for (const folder of found ? [] : folders) {
    for (const candidate of vtlCandidates(folder, platform)) {
      looked.push(candidate)
      if (await isExecutable(candidate, platform)) {
        found = { folder, vtlPath: candidate }
        break
      }
    }
    if (found) break
  }
  if (!found) throw new LunaClientNotFoundError(looked, platform)

  const configPath = await configFor(found.folder, platform, env)
  let cryptokiLibrary: string | undefined
  if (configPath) {
    try {
      const lib = cryptokiLibraryFromChrystoki(parseChrystoki(await readFile(configPath, 'utf8')), platform)
      if (lib && (await exists(lib))) cryptokiLibrary = lib
    } catch {
      // An unreadable configuration leaves the library unknown; pkcs11.resolveCryptokiLibrary explains it when asked.
    }
  }
  if (!cryptokiLibrary) {
    const usual =
      platform === 'win32'
        ? [win32.join(found.folder, 'cryptoki.dll')]
        : [
            posix.join(found.folder, 'libs/64/libCryptoki2_64.so'),
            posix.join(found.folder, 'lib/libCryptoki2_64.so'),
          ]
    for (const u of usual)
      if (await exists(u)) {
        cryptokiLibrary = u
        break
      }
  }
  const version = options.skipVersion
    ? { versionNote: 'The version was not read.' }
    : await readVtlVersion(found.vtlPath, { env })
  return {
    folder: found.folder,
    vtlPath: found.vtlPath,
    ...version,
    ...(configPath ? { configPath } : {}),
    ...(cryptokiLibrary ? { cryptokiLibrary } : {}),
  }
}
