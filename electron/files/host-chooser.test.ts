/**
 * The browser host's chooser shows the operator's home and the Luna client folders, and nothing else: paths
 * outside them and symbolic links that lead out are refused or left out, dotfiles stay hidden, and ~/.ssh opens
 * only when an SSH key is being chosen. Real folders on disk.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listFolder, type HostChooserOptions } from './host-chooser'

let base: string
let options: HostChooserOptions
let home: string
let luna: string
let outside: string

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'rackside-chooser-'))
  home = join(base, 'home')
  luna = join(base, 'lunaclient')
  outside = join(base, 'elsewhere')
  for (const d of [home, luna, outside, join(home, 'Downloads'), join(home, '.ssh'), join(home, '.gnupg')])
    await mkdir(d, { recursive: true })
  await writeFile(join(home, 'Downloads', 'lunafw_7.8.4.fuf'), Buffer.alloc(1234))
  await writeFile(join(home, '.bash_history'), 'ssh admin@hsm\n')
  await writeFile(join(home, '.ssh', 'id_ed25519'), 'key')
  await writeFile(join(home, '.gnupg', 'secring.gpg'), 'secret')
  await writeFile(join(luna, 'libCryptoki2_64.so'), 'lib')
  await writeFile(join(outside, 'shadow'), 'nope')
  await symlink(outside, join(home, 'escape'))
  await symlink(join(outside, 'shadow'), join(home, 'shadow-link'))
  await symlink(join(home, 'Downloads'), join(home, 'dl'))
  options = { home, roots: [luna], platform: 'linux' }
})

afterAll(() => rm(base, { recursive: true, force: true }))

const names = (r: { entries: { name: string }[] }) => r.entries.map((e) => e.name)

describe('the host-side chooser', () => {
  it('starts at home, folders first, with sizes, and hides dotfiles', async () => {
    const r = await listFolder('firmware', undefined, options)
    expect(r.folder).toBe(home)
    expect(names(r)).toEqual(['dl', 'Downloads'])
    expect(r.parent).toBeNull()
    const inside = await listFolder('firmware', join(home, 'Downloads'), options)
    expect(inside.entries).toEqual([
      {
        name: 'lunafw_7.8.4.fuf',
        path: join(home, 'Downloads', 'lunafw_7.8.4.fuf'),
        kind: 'file',
        size: 1234,
      },
    ])
    expect(inside.parent).toBe(home)
  })

  it('opens at the folder of the field’s current file', async () => {
    const r = await listFolder('firmware', join(home, 'Downloads', 'lunafw_7.8.4.fuf'), options)
    expect(r.folder).toBe(join(home, 'Downloads'))
  })

  it('refuses a folder outside home and the Luna client folders, saying what may be browsed', async () => {
    await expect(listFolder('firmware', outside, options)).rejects.toThrow(
      new RegExp(
        `${outside} is outside what Rackside shows in this browser: your home folder and the Luna client folders \\(${luna}\\)`,
      ),
    )
    await expect(listFolder('firmware', '/etc', options)).rejects.toThrow(/outside what Rackside shows/)
  })

  it('refuses a symbolic link that escapes home, and leaves such links out of listings', async () => {
    await expect(listFolder('firmware', join(home, 'escape'), options)).rejects.toThrow(
      /outside what Rackside shows/,
    )
    await expect(
      listFolder('firmware', join(home, 'Downloads', '..', '..', 'elsewhere'), options),
    ).rejects.toThrow(/outside/)
    const r = await listFolder('firmware', undefined, options)
    expect(names(r)).not.toContain('escape')
    expect(names(r)).not.toContain('shadow-link')
    // A link that stays inside home is followed.
    expect(r.entries.find((e) => e.name === 'dl')?.kind).toBe('folder')
  })

  it('never lists a dot-folder, except ~/.ssh when choosing an SSH key', async () => {
    await expect(listFolder('firmware', join(home, '.gnupg'), options)).rejects.toThrow(/outside/)
    await expect(listFolder('firmware', join(home, '.ssh'), options)).rejects.toThrow(/outside/)
    await expect(listFolder('ssh-key', join(home, '.gnupg'), options)).rejects.toThrow(/outside/)
    const top = await listFolder('ssh-key', undefined, options)
    expect(names(top)).toContain('.ssh')
    expect(names(top)).not.toContain('.gnupg')
    expect(names(top)).not.toContain('.bash_history')
    const keys = await listFolder('ssh-key', join(home, '.ssh'), options)
    expect(names(keys)).toEqual(['id_ed25519'])
    expect(keys.parent).toBe(home)
  })

  it('lists the Luna client folder', async () => {
    const r = await listFolder('cryptoki-library', luna, options)
    expect(names(r)).toEqual(['libCryptoki2_64.so'])
    expect(r.roots).toEqual([home, luna])
  })
})
