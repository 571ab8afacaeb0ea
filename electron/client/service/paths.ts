/**
 * Paths the renderer names (the operator's choice typed in the wizard) are untrusted: each is checked here before
 * any file is read or written. A path must be absolute, a single line, free of `..` segments, and name the kind of
 * thing the step expects (a CMS file by its own name, a folder that exists, a PKCS#11 library file).
 */
import { stat } from 'node:fs/promises'
import { posix, win32 } from 'node:path'
import { RacksideError } from '../../../shared/api'

// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const CONTROL = /[\u0000-\u001f\u007f]/

const bad = (message: string): RacksideError => new RacksideError({ code: 'invalid-request', message })

/** Absolute, no control characters, no `.`/`..` segments; returns the normalised path. */
export function checkedAbsolutePath(raw: string, what: string, platform: string = process.platform): string {
  const p = platform === 'win32' ? win32 : posix
  if (raw.length === 0 || raw.length > 1024 || CONTROL.test(raw))
    throw bad(`The ${what} path must be one line of at most 1024 characters.`)
  if (!p.isAbsolute(raw))
    throw bad(
      `The ${what} path "${raw}" is not absolute. Give the full path (it starts with ${platform === 'win32' ? 'C:\\' : '/'}).`,
    )
  const segments = raw.split(platform === 'win32' ? /[\\/]+/ : /\/+/)
  if (segments.some((s) => s === '..' || s === '.'))
    throw bad(`The ${what} path "${raw}" contains "." or ".." segments. Give the plain full path.`)
  return p.normalize(raw)
}

/** cmsslot.ini or pkcs11.cfg by name (any folder the operator chose). */
export function checkedCmsFilePath(
  raw: string,
  file: 'cmsslot.ini' | 'pkcs11.cfg',
  platform: string = process.platform,
): string {
  const path = checkedAbsolutePath(raw, file, platform)
  const p = platform === 'win32' ? win32 : posix
  if (p.basename(path).toLowerCase() !== file)
    throw bad(`"${raw}" is not a ${file} file: the path must end in ${file}.`)
  return path
}

/** An existing folder. */
export async function checkedFolder(
  raw: string,
  what: string,
  platform: string = process.platform,
): Promise<string> {
  const path = checkedAbsolutePath(raw, what, platform)
  const s = await stat(path).catch(() => undefined)
  if (!s?.isDirectory())
    throw new RacksideError({
      code: 'not-found',
      message: `The ${what} ${path} does not exist or is not a folder.`,
    })
  return path
}

/** An existing PKCS#11 library file (.so, .so.N, .dll, .dylib). */
export async function checkedLibrary(raw: string, platform: string = process.platform): Promise<string> {
  const path = checkedAbsolutePath(raw, 'PKCS#11 library', platform)
  if (!/\.(so(\.\d+)*|dll|dylib)$/i.test(path))
    throw bad(`"${raw}" is not a PKCS#11 library: the file must end in .so, .dll or .dylib.`)
  const s = await stat(path).catch(() => undefined)
  if (!s?.isFile())
    throw new RacksideError({
      code: 'not-found',
      message: `There is no library at ${path}. Check the path (SoftHSM2: /usr/lib/softhsm/libsofthsm2.so).`,
    })
  return path
}
