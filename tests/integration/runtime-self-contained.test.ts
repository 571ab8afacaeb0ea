/**
 * The built runtime on its own: electron-vite's output, bin/ and package.json copied to a folder outside the
 * checkout with the production dependencies only (no tsx, no TypeScript, no sources), as `npm ci --omit=dev`
 * would leave a machine. There, with plain Node: the simulator runs, `rackside status --json` reads it, the
 * browser host serves the built page and answers its API, and the demo appliance's vtl prints its real output.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PageClient } from '../../electron/web/socket-test-clients'
import { changeFactoryPassword } from '../support/first-login'

const repo = process.cwd()
const ADMIN = 'Runtime-Alone-2026!'
const tmp = mkdtempSync(join(tmpdir(), 'rackside-runtime-'))
const app = join(tmp, 'app')
const children: ChildProcess[] = []
// Nothing of the checkout's Node setup leaks in: no loader options, no module paths.
const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => {
  const clean: NodeJS.ProcessEnv = { ...process.env, RACKSIDE_DATA_DIR: join(tmp, 'data'), ...extra }
  delete clean.NODE_OPTIONS
  delete clean.NODE_PATH
  return clean
}

interface Ran {
  code: number | null
  stdout: string
  stderr: string
}

function run(command: string, args: string[], options: { cwd: string; stdin?: string }): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: env(), stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.stdin.end(options.stdin ?? '')
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** Starts a long-running program of the copy and waits for the stdout that says it is ready. */
function startUntil(args: string[], ready: RegExp, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: app, env: env(), stdio: ['ignore', 'pipe', 'pipe'] })
    children.push(child)
    let stdout = ''
    let stderr = ''
    const timer = setTimeout(
      () => reject(new Error(`not ready in ${timeoutMs} ms: ${stdout}${stderr}`)),
      timeoutMs,
    )
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString()
      if (ready.test(stdout)) {
        clearTimeout(timer)
        resolve(stdout)
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${args.join(' ')} exited (${code}): ${stdout}${stderr}`))
    })
  })
}

/** The production dependency tree as npm sees it installed: package folders relative to the checkout. */
async function productionPackages(): Promise<string[]> {
  // npm ls exits non-zero on a tree it finds untidy (e.g. an extraneous package); the list is printed all the same.
  const listed = await run('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: repo })
  return listed.stdout
    .split('\n')
    .map((line) => relative(repo, line.trim()))
    .filter((path) => path.startsWith('node_modules'))
    .sort()
}

/** Hard links (fast, no copy of the bytes) in the same layout; a nested package comes with its parent. */
function copyPackages(packages: string[]): void {
  const copied: string[] = []
  for (const path of packages) {
    if (copied.some((parent) => path.startsWith(`${parent}/`))) continue
    mkdirSync(dirname(join(app, path)), { recursive: true })
    execFileSync('cp', ['-al', join(repo, path), join(app, path)])
    copied.push(path)
  }
}

function filesUnder(dir: string, skip: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (skip(entry.name)) return []
    return entry.isDirectory() ? filesUnder(path, skip) : [path]
  })
}

beforeAll(async () => {
  // Built into the copy, from the sources as they are: never a stale out/, and the shared out/ is left alone.
  const electronVite = join(
    dirname(createRequire(import.meta.url).resolve('electron-vite/package.json')),
    'bin/electron-vite.js',
  )
  const [build, packages] = await Promise.all([
    run(process.execPath, [electronVite, 'build', '--outDir', join(app, 'out')], { cwd: repo }),
    productionPackages(),
  ])
  expect(build.code, build.stdout + build.stderr).toBe(0)
  expect(packages).toContain('node_modules/ssh2')
  cpSync(join(repo, 'bin'), join(app, 'bin'), { recursive: true })
  copyFileSync(join(repo, 'package.json'), join(app, 'package.json'))
  copyPackages(packages)
}, 180_000)

afterAll(() => {
  for (const child of children) child.kill('SIGTERM')
  rmSync(tmp, { recursive: true, force: true })
})

describe('the built runtime, copied with production dependencies only', () => {
  it('holds no TypeScript source and none of the build tools', () => {
    const ours = filesUnder(app, (name) => name === 'node_modules')
    expect(ours.filter((path) => /\.tsx?$/.test(path))).toEqual([])
    for (const tool of ['tsx', 'typescript', 'vite', 'electron-vite', 'electron', 'vitest'])
      expect(existsSync(join(app, 'node_modules', tool)), tool).toBe(false)
    expect(existsSync(join(app, 'node_modules', 'ssh2'))).toBe(true)
  })

  let ssh = { host: '', port: 0, fingerprint: '' }
  let simulatorVtl = ''

  it('runs the built simulator with plain Node, and its vtl', async () => {
    const ready = await startUntil(
      ['out/main/simulator.js', '--client-root', join(tmp, 'sim-client')],
      /Running; Ctrl-C to stop\./,
    )
    const endpoint = /ssh\s+([\d.]+):(\d+)\s+host key (SHA256:\S+)/.exec(ready)
    expect(endpoint, ready).not.toBeNull()
    ssh = { host: endpoint![1]!, port: Number(endpoint![2]), fingerprint: endpoint![3]! }
    simulatorVtl = /vtl\s+(\S+)/.exec(ready)![1]!
    const vtl = await run(simulatorVtl, ['listServers'], { cwd: tmp })
    expect(vtl.stdout + vtl.stderr).toBe('There are no servers registered.\n')
    expect(readFileSync(simulatorVtl, 'utf8')).toContain(join(app, 'out/main/vtl.js'))
  }, 30_000)

  it('reads the simulator with `rackside status --json` through bin/rackside.mjs', async () => {
    expect(ssh.port).toBeGreaterThan(0)
    await changeFactoryPassword(ssh, ADMIN)
    const status = await run(
      process.execPath,
      [
        'bin/rackside.mjs',
        'status',
        '--json',
        `ssh://admin@${ssh.host}:${ssh.port}`,
        `--host-key=${ssh.fingerprint}`,
        '--password-stdin',
      ],
      { cwd: app, stdin: `${ADMIN}\n` },
    )
    expect([0, 3], status.stderr).toContain(status.code)
    const json = JSON.parse(status.stdout) as {
      appliance: { softwareVersion: string | null; era: number | null }
      policies: unknown[]
    }
    expect(json.appliance.softwareVersion).toMatch(/^\d+\.\d+/)
    expect(json.appliance.era).toBe(6)
    expect(json.policies.length).toBeGreaterThan(5)
  }, 40_000)

  it('serves the built page and its API from the browser host, whose demo vtl runs with the same Node', async () => {
    const ready = await startUntil(['out/main/web.js'], /Rackside is running at (\S+)\n/)
    const url = new URL(/Rackside is running at (\S+)\n/.exec(ready)![1]!)
    const token = url.searchParams.get('token') ?? ''
    const page = await fetch(url)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('<title>Rackside</title>')
    const script = /src="\.?\/?(assets\/index-[\w-]+\.js)"/.exec(html)
    expect(script, html).not.toBeNull()
    const asset = await fetch(new URL(script![1]!, url), { headers: { Cookie: `rackside_token=${token}` } })
    expect(asset.status).toBe(200)

    const web = { url: url.href, port: Number(url.port), token, close: async () => undefined }
    const client = await PageClient.open(web)
    try {
      const { version } = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as { version: string }
      expect(await client.ok('app.info')).toEqual({ version, host: 'web' })
      const { sessionId } = await client.ok<{ sessionId: string }>('sessions.open', {
        profileId: 'demo',
        cols: 120,
        rows: 40,
      })
      const located = await client.ok<{ folder: string; vtlPath: string }>('client.locate', {
        demo: true,
        sessionId,
      })
      // The demo's vtl runs the built vtl.js of this copy with this Node (on Windows, vtl.cmd does the same).
      const wrapper = readFileSync(located.vtlPath, 'utf8')
      expect(wrapper).toContain(`'${process.execPath}' '${join(app, 'out/main/vtl.js')}'`)
      expect(readFileSync(join(located.folder, 'bin', 'vtl.cmd'), 'utf8')).toContain(
        `"${process.execPath}" "${join(app, 'out/main/vtl.js')}" %*`,
      )
      const created = await run(located.vtlPath, ['createCert', '-n', 'cms01'], { cwd: tmp })
      expect(created.stdout, created.stderr).toContain(
        `Certificate created and written to: ${join(located.folder, 'cert/client/cms01.pem')}`,
      )
      expect(readFileSync(join(located.folder, 'cert/client/cms01.pem'), 'utf8')).toContain(
        '-----BEGIN CERTIFICATE-----',
      )
      const listed = await run(located.vtlPath, ['listServers'], { cwd: tmp })
      expect(listed.stdout).toBe('There are no servers registered.\n')
    } finally {
      client.ws.close()
    }
  }, 40_000)

  it('the built CLI answers --help on each command and refuses a number that is not one', async () => {
    const cli = (args: string[]) => run(process.execPath, ['bin/rackside.mjs', ...args], { cwd: app })
    for (const args of [['--help'], ['status', '--help'], ['transcript', 'verify', '--help']]) {
      const help = await cli(args)
      expect(help.code, args.join(' ')).toBe(0)
      expect(help.stdout, args.join(' ')).toMatch(/usage/i)
    }
    const bad = await cli(['status', '--json', 'ssh://admin@127.0.0.1:22', '--timeout', 'abc'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--timeout/)
  }, 30_000)

  it('says in one line to build when out/ is missing', async () => {
    const bare = join(tmp, 'bare')
    cpSync(join(app, 'bin'), join(bare, 'bin'), { recursive: true })
    const result = await run(process.execPath, ['bin/rackside.mjs', 'status'], { cwd: bare })
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^rackside: the app is not built \(.*\): run npm run build first\.\n$/)
  })
})
