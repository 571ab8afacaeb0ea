import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LunaClientNotFoundError, locateLunaClient, parseVtlBanner } from './locate'

let dir = ''
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rackside-locate-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function fakeVtl(folder: string, script: string): string {
  mkdirSync(join(folder, 'bin'), { recursive: true })
  const path = join(folder, 'bin', 'vtl')
  writeFileSync(path, `#!/bin/sh\n${script}\n`)
  chmodSync(path, 0o755)
  return path
}

describe('the vtl banner', () => {
  it('reads the 10.x banners from the reference', () => {
    expect(
      parseVtlBanner('vtl (64-bit) v10.2.0-111. Copyright (c) 2020 SafeNet. All rights reserved.\n'),
    ).toEqual({
      version: '10.2.0-111',
      line: 'vtl (64-bit) v10.2.0-111. Copyright (c) 2020 SafeNet. All rights reserved.',
    })
    expect(
      parseVtlBanner(
        '\r\nvtl (64-bit) v10.7.2-16. Copyright (c) 2024 Thales Group. All rights reserved.\r\n\r\nUsage',
      )?.version,
    ).toBe('10.7.2-16')
  })

  it('finds no version in the 5.x/6.x output, which has no banner', () => {
    expect(parseVtlBanner('\nThe following Luna SA Slots/Partitions were found:\n')).toBeUndefined()
    expect(parseVtlBanner('Usage: vtl <command> [options]\n')).toBeUndefined()
  })
})

describe('locating the Luna client', () => {
  it('finds vtl in a configured folder, reads the banner, Chrystoki.conf and the library it names', async () => {
    const folder = join(dir, 'lunaclient')
    fakeVtl(
      folder,
      "echo 'vtl (64-bit) v10.7.2-16. Copyright (c) 2024 Thales Group. All rights reserved.'; echo; echo Usage; exit 1",
    )
    mkdirSync(join(folder, 'lib'))
    writeFileSync(join(folder, 'lib', 'libCryptoki2_64.so'), '')
    writeFileSync(
      join(folder, 'Chrystoki.conf'),
      `Chrystoki2 = {\n   LibUNIX64 = ${folder}/lib/libCryptoki2_64.so;\n}\n`,
    )
    const found = await locateLunaClient({ folder, platform: 'linux', env: {} })
    expect(found).toEqual({
      folder,
      vtlPath: join(folder, 'bin', 'vtl'),
      version: '10.7.2-16',
      versionNote: 'vtl (64-bit) v10.7.2-16. Copyright (c) 2024 Thales Group. All rights reserved.',
      configPath: join(folder, 'Chrystoki.conf'),
      cryptokiLibrary: join(folder, 'lib', 'libCryptoki2_64.so'),
    })
  })

  it('tolerates tools that print no banner (5.x/6.x)', async () => {
    const folder = join(dir, 'old')
    fakeVtl(folder, 'echo "Usage: vtl <command>"; exit 1')
    const found = await locateLunaClient({ folder, platform: 'linux', env: {} })
    expect(found.version).toBeUndefined()
    expect(found.versionNote).toMatch(/no version banner: a 5\.x\/6\.x-era client/)
  })

  it('accepts an explicit vtl path and takes the folder above its bin', async () => {
    const folder = join(dir, 'sim-client')
    const vtl = fakeVtl(folder, 'exit 1')
    const found = await locateLunaClient({ vtlPath: vtl, platform: 'linux', env: {}, skipVersion: true })
    expect(found.folder).toBe(folder)
  })

  it('names what to install when there is no client', async () => {
    const error = await locateLunaClient({ folder: join(dir, 'nothing'), platform: 'linux', env: {} }).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(LunaClientNotFoundError)
    expect((error as Error).message).toMatch(/Install the Thales Luna HSM Client/)
    expect((error as LunaClientNotFoundError).looked).toEqual(
      expect.arrayContaining([join(dir, 'nothing', 'bin', 'vtl'), '/usr/safenet/lunaclient/bin/vtl']),
    )
  })
})
