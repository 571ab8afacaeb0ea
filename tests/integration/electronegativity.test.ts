/**
 * The Electron security scan `npm run lint` runs (scripts/electronegativity.ts), with the real scanner, on this
 * repository and on copies of the app with one piece of the window's hardening taken away.
 */
import { spawn } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import {
  defaultAllowList,
  judge,
  lint,
  loadAllowList,
  type Finding,
  type ScanResult,
} from '../../scripts/electronegativity'

const repo = resolve(import.meta.dirname, '../..')
const scratch: string[] = []
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rackside-eng-test-'))
  scratch.push(dir)
  return dir
}

/** A copy of the app as the scan sees it, with `from` replaced by `to` in electron/main.ts. */
function appWith(from: string, to: string): string {
  const root = tempDir()
  for (const part of ['package.json', 'electron', 'renderer', 'shared'])
    cpSync(join(repo, part), join(root, part), { recursive: true })
  const main = join(root, 'electron/main.ts')
  const text = readFileSync(main, 'utf8')
  // If main.ts no longer says this, the test would prove nothing: say so instead.
  expect(text, `electron/main.ts should contain ${from}`).toContain(from)
  writeFileSync(main, text.replace(from, to))
  return root
}

function lineOf(root: string, text: string): number {
  return (
    readFileSync(join(root, 'electron/main.ts'), 'utf8')
      .split('\n')
      .findIndex((l) => l.includes(text)) + 1
  )
}

/** Runs the wrapper as `npm run lint` does. */
function runScan(args: string[]): Promise<{ code: number; stdout: string }> {
  const loader = pathToFileURL(join(repo, 'node_modules/tsx/dist/loader.mjs')).href
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      ['--import', loader, join(repo, 'scripts/electronegativity.ts'), ...args],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    let stdout = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.on('close', (code) => done({ code: code ?? -1, stdout }))
  })
}

describe('the Electron security scan of npm run lint', () => {
  it('passes on this repository: every finding is accepted in the allow-list with its reason', async () => {
    const { code, stdout } = await runScan([])
    expect(stdout).not.toMatch(/^FAIL/m)
    expect(stdout).toMatch(/findings, \d+ accepted in scripts\/electronegativity-allow\.json, 0 failing\.$/m)
    expect(code).toBe(0)
  })

  it('fails when the window loses context isolation, naming the check and the line', async () => {
    const root = appWith('contextIsolation: true,', 'contextIsolation: false,')
    const { code, stdout } = await runScan(['--root', root])
    const line = lineOf(root, 'contextIsolation: false')
    expect(stdout).toMatch(
      new RegExp(`^FAIL HIGH FIRM CONTEXT_ISOLATION_JS_CHECK electron/main\\.ts:${line}:\\d+: `, 'm'),
    )
    expect(stdout).toMatch(/1 failing — FAILED\.$/m)
    expect(code).toBe(1)
  })

  // With the sandbox on, nodeIntegration: true is inert (a sandboxed renderer never gets Node) and the scanner
  // says nothing; what gives the page Node is turning the sandbox off, and that is what it names.
  it('fails when the renderer is given Node: nodeIntegration on and the sandbox off', async () => {
    const root = appWith(
      'sandbox: true,\n      nodeIntegration: false,',
      'sandbox: false,\n      nodeIntegration: true,',
    )
    const { ok, lines } = await lint(root, defaultAllowList)
    expect(ok).toBe(false)
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^FAIL MEDIUM FIRM SANDBOX_JS_CHECK electron/main\\.ts:${lineOf(root, 'sandbox: false')}:\\d+: `,
        ),
      ),
    )
  })

  it('fails when middle-click events are allowed again', async () => {
    const root = appWith("disableBlinkFeatures: 'Auxclick',", '')
    const { ok, lines } = await lint(root, defaultAllowList)
    expect(ok).toBe(false)
    expect(lines).toContainEqual(
      expect.stringMatching(/^FAIL MEDIUM FIRM AUXCLICK_JS_CHECK electron\/main\.ts:\d+:\d+: .*Middle-click/),
    )
  })

  it('fails on an eng-disable comment, which would hide a finding without a reason', async () => {
    const root = appWith('preload: join(', '// eng-disable PRELOAD_JS_CHECK\n      preload: join(')
    const { ok, lines } = await lint(root, defaultAllowList)
    expect(ok).toBe(false)
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^FAIL electron\/main\.ts:\d+: an eng-disable comment hides findings without a reason/,
      ),
    )
  })

  it('fails on a file the scanner cannot parse, since nothing in it was checked', async () => {
    const root = tempDir()
    writeFileSync(join(root, 'package.json'), '{ "devDependencies": { "electron": "41.7.1" } }')
    mkdirSync(join(root, 'electron'))
    cpSync(join(repo, 'electron/main.ts'), join(root, 'electron/main.ts'))
    writeFileSync(join(root, 'electron/broken.ts'), 'export const x = {\n')
    const allow = join(root, 'allow.json')
    writeFileSync(allow, '{ "allow": [] }')
    const { ok, lines } = await lint(root, allow)
    expect(ok).toBe(false)
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^FAIL electron\/broken\.ts: the scanner cannot parse it, so nothing in it was checked/,
      ),
    )
  })
})

describe('the allow-list', () => {
  const finding = (over: Partial<Finding>): Finding => ({
    check: 'PRELOAD_JS_CHECK',
    severity: 'MEDIUM',
    confidence: 'FIRM',
    file: 'electron/main.ts',
    line: 60,
    column: 6,
    text: "preload: join(import.meta.dirname, '../preload/index.cjs'),",
    description: 'Review the use of preload scripts',
    url: 'https://git.io/JeuMu',
    ...over,
  })
  const scanOf = (findings: Finding[]): ScanResult => ({
    files: 1,
    findings,
    parseErrors: [],
    inlineDisables: [],
  })
  const entry = {
    check: 'PRELOAD_JS_CHECK',
    file: 'electron/main.ts',
    match: "'../preload/index.cjs'",
    reason: 'the contextBridge preload, reviewed',
  }

  it('covers only findings of its check, in its file, on a line containing its match', () => {
    const other = finding({ text: "preload: join(import.meta.dirname, '../preload/other.cjs')," })
    const verdict = judge(scanOf([finding({}), other, finding({ file: 'electron/second-window.ts' })]), [
      entry,
    ])
    expect(verdict.allowed).toHaveLength(1)
    expect(verdict.failing).toHaveLength(2)
    expect(verdict.ok).toBe(false)
  })

  it('fails on an entry that matches nothing any more, so it cannot later hide an unreviewed finding', () => {
    const verdict = judge(scanOf([]), [entry])
    expect(verdict.stale).toEqual([entry])
    expect(verdict.ok).toBe(false)
  })

  it('lets LOW and tentative findings through but prints them; fails HIGH at any confidence', () => {
    const low = finding({ check: 'CSP_GLOBAL_CHECK', severity: 'LOW', confidence: 'CERTAIN' })
    const tentative = finding({ check: 'OPEN_EXTERNAL_JS_CHECK', confidence: 'TENTATIVE' })
    expect(judge(scanOf([low, tentative]), []).ok).toBe(true)
    expect(judge(scanOf([low, tentative]), []).remaining).toHaveLength(2)
    expect(judge(scanOf([finding({ severity: 'HIGH', confidence: 'TENTATIVE' })]), []).ok).toBe(false)
  })

  it('refuses an entry without a reason, naming the entry', () => {
    const path = join(tempDir(), 'allow.json')
    writeFileSync(path, JSON.stringify({ allow: [{ check: 'PRELOAD_JS_CHECK', file: 'electron/main.ts' }] }))
    expect(() => loadAllowList(path)).toThrow(/is not valid: allow\.0\.reason: /)
  })
})
