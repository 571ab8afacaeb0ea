import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseCli } from '../cli'
import { startSimulator } from '../index'
import { removeDir, run, tempDir } from './openssh'

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx')

describe('simulator command line', () => {
  const dirs: string[] = []
  afterAll(() => dirs.forEach(removeDir))

  it('parses every documented flag', () => {
    expect(
      parseCli([
        '--ssh',
        '2222',
        '--serial',
        '/tmp/tty',
        '--ntls',
        '1792',
        '--state',
        's.json',
        '--era',
        '7',
        '--count',
        '2',
        '--client-root',
        '/tmp/c',
      ]),
    ).toEqual({
      sshPort: 2222,
      serialPath: '/tmp/tty',
      ntlsPort: 1792,
      stateFile: 's.json',
      era: 7,
      count: 2,
      clientRoot: '/tmp/c',
    })
  })

  it('takes --era 4 for a Luna SA 3.x/4.x appliance as the HID guide shows it', () => {
    expect(parseCli(['--era', '4'])).toEqual({ era: 4 })
  })

  it.each([
    [['--era', '8'], '--era must be 4, 5, 6 or 7, got "8"'],
    [['--ssh', 'abc'], '--ssh needs a port number 0-65535, got "abc"'],
    [['--count', '0'], '--count must be a number 1-16, got "0"'],
    [['--serial'], '--serial needs a value'],
    [['--bogus'], 'unknown option "--bogus"'],
  ])('refuses %j with a clear message', (args, message) => {
    expect(() => parseCli(args)).toThrow(message)
  })

  it.each([
    [['--ssh=2222', '--era=5', '--line-rate'], { sshPort: 2222, era: 5, serialLineRate: true }],
    [['--count', '3', '--host=127.0.0.9'], { count: 3, host: '127.0.0.9' }],
  ])('takes %j in either form (--opt value, --opt=value)', (args, options) => {
    expect(parseCli(args)).toEqual(options)
  })

  it.each([
    [['--line-rate=yes'], '--line-rate takes no value'],
    [['--ssh='], '--ssh needs a value'],
    [['stray'], 'unexpected argument stray'],
  ])('refuses %j with a clear message too', (args, message) => {
    expect(() => parseCli(args)).toThrow(message)
  })

  it('--help prints the usage on stdout and exits 0', async () => {
    const result = await run(TSX, ['simulator/cli.ts', '--help'])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^usage: npm run simulator -- /)
    expect(result.stderr).toBe('')
  })

  it('prints a bad flag as one line plus the usage and exits 2', async () => {
    const result = await run(TSX, ['simulator/cli.ts', '--era', '8'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(
      /^simulator: --era must be 4, 5, 6 or 7, got "8"\nusage: npm run simulator -- /,
    )
  })

  it('refuses a non-loopback address', async () => {
    const result = await run(TSX, ['simulator/cli.ts', '--host', '192.168.1.10'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('only listens on loopback addresses')
  })

  it('prints where everything listens, runs until SIGTERM, and keeps state across restarts', async () => {
    const dir = tempDir('rackside-cli-')
    dirs.push(dir)
    const args = [
      'simulator/cli.ts',
      '--state',
      join(dir, 'luna.json'),
      '--client-root',
      join(dir, 'client'),
      '--count',
      '2',
    ]
    const start = () =>
      new Promise<{ output: string; stop: () => Promise<number | null> }>((resolve, reject) => {
        // node itself, not the tsx wrapper: tsx gives a child 30 ms to acknowledge a relayed SIGTERM and then
        // kills it (exit 143), which a loaded machine misses; the simulator's own shutdown is what is tested.
        const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
          stdio: ['ignore', 'pipe', 'pipe'],
        })
        let output = ''
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString()
          if (output.includes('Ctrl-C to stop')) {
            resolve({
              output,
              stop: () =>
                new Promise((done) => {
                  child.once('exit', (code) => done(code))
                  child.kill('SIGTERM')
                }),
            })
          }
        })
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)))
      })
    const first = await start()
    expect(first.output).toMatch(
      /appliance 1: serial 157541, luna-sa-1, era 6\n {2}ssh {5}127\.0\.0\.1:\d+ {2}host key SHA256:\S+\n {2}ntls {4}127\.0\.0\.1:\d+\n/,
    )
    expect(first.output).toContain('appliance 2: serial 157542, luna-sa-2')
    expect(first.output).toContain(`vtl          ${join(dir, 'client', 'bin', 'vtl')}`)
    expect(first.output).toContain(`client root  ${join(dir, 'client')}`)
    expect(await first.stop()).toBe(0)
    expect(existsSync(join(dir, 'luna-1.json'))).toBe(true)
    expect(existsSync(join(dir, 'luna-2.json'))).toBe(true)
    const fingerprint = /host key (SHA256:\S+)/.exec(first.output)?.[1]
    const second = await start()
    expect(second.output).toContain(fingerprint)
    expect(await second.stop()).toBe(0)
  }, 30_000)

  it('refuses a non-loopback host through the API too', async () => {
    await expect(startSimulator({ host: '0.0.0.0' })).rejects.toThrow(/only listens on loopback/)
  })
})
