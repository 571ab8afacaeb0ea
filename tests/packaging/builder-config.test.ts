/**
 * The installers' configuration (electron-builder.yml), checked as far as this machine can go: electron-builder
 * needs the Electron runtime from GitHub to package, which cannot be downloaded here. So the configuration is
 * loaded and validated by electron-builder's own code (app-builder-lib), and what it names is checked: icons and
 * entitlements exist and are what they claim, every native file of a production dependency is unpacked from the
 * asar, and the fuses are set as the README says.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, relative, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
const require = createRequire(import.meta.url)
// electron-builder's own loader and validator, and the matcher it applies asarUnpack with.
const builderRequire = createRequire(require.resolve('app-builder-lib'))
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<BuilderConfig>
  validateConfiguration(config: unknown, logger: unknown): Promise<void>
}
const { DebugLogger } = builderRequire('builder-util') as { DebugLogger: new (enabled: boolean) => unknown }
const { minimatch } = builderRequire('minimatch') as {
  minimatch(path: string, pattern: string, options: { dot: boolean }): boolean
}
const plist = builderRequire('plist') as { parse(text: string): unknown }

interface BuilderConfig {
  appId?: string
  productName?: string
  asar?: boolean
  directories?: { buildResources?: string; output?: string }
  /** Normalised by the loader into file sets. */
  files?: (string | { filter?: string[] })[]
  asarUnpack?: string[]
  electronFuses?: Record<string, boolean>
  linux?: {
    target?: string[]
    icon?: string
    desktop?: { entry?: Record<string, string> }
    maintainer?: string
  }
  win?: { target?: string[] }
  mac?: { target?: string[]; entitlements?: string; entitlementsInherit?: string }
}

let config: BuilderConfig
beforeAll(async () => {
  config = await getConfig(root, null, null)
})

/** Width and height from a PNG's IHDR chunk; throws when the file is not a PNG. */
function pngSize(path: string): { width: number; height: number } {
  const bytes = readFileSync(join(root, path))
  if (
    bytes.subarray(1, 4).toString('latin1') !== 'PNG' ||
    bytes.subarray(12, 16).toString('latin1') !== 'IHDR'
  )
    throw new Error(`${path} is not a PNG`)
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules') return [] // a nested package has its own lock entry
    const path = join(dir, entry.name)
    return entry.isDirectory() ? filesUnder(path) : [path]
  })
}

/** Folders (relative to the root) of the packages electron-builder ships: the lock file's non-dev entries. */
function productionPackages(): string[] {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; devOptional?: boolean }>
  }
  return Object.entries(lock.packages)
    .filter(([path, entry]) => path.startsWith('node_modules/') && !entry.dev && !entry.devOptional)
    .map(([path]) => path)
    .filter((path) => statSync(join(root, path), { throwIfNoEntry: false })?.isDirectory())
}

/** Native code: addons, and the executables and libraries node-pty starts or loads. */
const nativeFile = /(\.node|\.dll|\.exe|\/spawn-helper)$/

describe('the electron-builder configuration', () => {
  it('is valid by electron-builder’s own schema', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
  }, 60_000) // the first validation compiles electron-builder's whole JSON schema

  it('would be refused by that validator with a misspelt fuse (the check can fail)', async () => {
    const broken = { ...config, electronFuses: { ...config.electronFuses, runAsNod: false } }
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(
      /configuration\.electronFuses/,
    )
  })

  it('names the app and builds AppImage and deb, NSIS, dmg', () => {
    expect(config.appId).toBe('io.rackside.desktop')
    expect(config.productName).toBe('Rackside')
    expect(config.linux?.target).toEqual(['AppImage', 'deb'])
    expect(config.win?.target).toEqual(['nsis'])
    expect(config.mac?.target).toEqual(['dmg'])
    expect(config.linux?.maintainer).toMatch(/<.+@.+>/) // the deb target refuses to build without an address
  })

  it('keeps the data folder where the CLI looks: the packaged app keeps package.json’s name', () => {
    // Electron names userData after package.json's productName, else its name; electron-builder's productName
    // names only the installers and executables, unless extraMetadata copies one into the packaged package.json.
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>
    expect(pkg.productName).toBeUndefined()
    expect((config as { extraMetadata?: Record<string, unknown> }).extraMetadata?.productName).toBeUndefined()
  })

  it('packages the electron-vite output the app starts from, and `npm run dist` builds it first', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      main: string
      scripts: Record<string, string>
    }
    const files = (config.files ?? []).flatMap((set) =>
      typeof set === 'string' ? [set] : (set.filter ?? []),
    )
    expect(files).toContain('out/**')
    expect(files).toContain('resources/**')
    expect(pkg.main).toMatch(/^\.\/out\//)
    expect(pkg.scripts.dist).toMatch(/^electron-vite build && electron-builder\b/)
    expect(config.directories?.output).toBe('dist')
  })

  it('names icons that exist at the sizes each platform needs', () => {
    expect(config.directories?.buildResources).toBe('build')
    // electron-builder makes the .icns and .ico from build/icon.png: at least 512 px for macOS.
    expect(pngSize('build/icon.png')).toEqual({ width: 1024, height: 1024 })
    expect(pngSize('resources/icon.png').width).toBeGreaterThanOrEqual(256)
    const linuxIcons = readdirSync(join(root, config.linux?.icon ?? 'missing'))
    expect(linuxIcons).toEqual(
      expect.arrayContaining(['16x16.png', '48x48.png', '256x256.png', '512x512.png']),
    )
    for (const name of linuxIcons) {
      const side = Number(/^(\d+)x\1\.png$/.exec(name)?.[1])
      expect(pngSize(join(config.linux?.icon ?? '', name)), name).toEqual({ width: side, height: side })
    }
  })

  it('gives the Linux desktop entry a name, a comment and valid categories', () => {
    const entry = config.linux?.desktop?.entry ?? {}
    expect(entry.Name).toBe('Rackside')
    expect(entry.Comment).toBeTruthy()
    // Desktop Entry spec: a main category, ';'-terminated; TerminalEmulator would offer Rackside as the system terminal.
    expect(entry.Categories).toMatch(/^(System|Utility|Network);([A-Za-z]+;)*$/)
    expect(entry.Categories).not.toMatch(/TerminalEmulator/)
  })

  it('signs macOS builds with entitlements that exist and allow the JIT', () => {
    for (const file of [config.mac?.entitlements, config.mac?.entitlementsInherit]) {
      const parsed = plist.parse(readFileSync(join(root, file ?? 'missing'), 'utf8')) as Record<
        string,
        unknown
      >
      expect(parsed['com.apple.security.cs.allow-jit']).toBe(true)
    }
  })

  it('unpacks every native file of a production dependency from the asar', () => {
    expect(config.asar).not.toBe(false)
    const native = productionPackages()
      .flatMap((dir) => filesUnder(join(root, dir)))
      .map((path) => relative(root, path).split('\\').join('/'))
      .filter((path) => nativeFile.test(path))
    // The ones this app cannot run without, so an empty list cannot pass.
    for (const must of [
      'node_modules/node-pty/',
      'node_modules/@serialport/bindings-cpp/',
      'node_modules/@napi-rs/keyring-',
    ])
      expect(
        native.some((path) => path.startsWith(must)),
        must,
      ).toBe(true)
    const packed = native.filter(
      (path) => !(config.asarUnpack ?? []).some((pattern) => minimatch(path, pattern, { dot: true })),
    )
    expect(packed).toEqual([])
  })

  it('unpacks node-pty’s spawn-helper, which macOS starts as a program', () => {
    const helper = 'node_modules/node-pty/prebuilds/darwin-arm64/spawn-helper'
    expect((config.asarUnpack ?? []).some((pattern) => minimatch(helper, pattern, { dot: true }))).toBe(true)
  })

  it('sets the fuses: no running as Node, no NODE_OPTIONS or --inspect, the app only from a checked asar', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    })
  })
})
