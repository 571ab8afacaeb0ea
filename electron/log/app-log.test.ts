import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { clearSecretsForTests, registerSecret } from '../vault/redact'
import { createAppLog, LOG_FILE } from './app-log'
import { logProcessGone } from './crash'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rackside-log-'))
})
afterEach(() => {
  clearSecretsForTests()
  rmSync(dir, { recursive: true, force: true })
})

const lines = (file = join(dir, LOG_FILE)): Record<string, unknown>[] =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>)

describe('the app log', () => {
  it('writes one JSON line per event with its time, level and facts', async () => {
    const log = createAppLog({ dir })
    log.info('console', { sessionId: 's-0001', state: 'connected', ignored: undefined })
    log.warn('request-refused', { method: 'sessions.open', code: 'not-found' })
    await log.close()
    const [first, second] = lines()
    expect(first).toMatchObject({ level: 'info', msg: 'console', sessionId: 's-0001', state: 'connected' })
    expect(first).not.toHaveProperty('ignored')
    expect(new Date(String(first?.time)).getTime()).toBeGreaterThan(0)
    expect(second).toMatchObject({ level: 'warn', msg: 'request-refused', code: 'not-found' })
  })

  it('never writes a secret the vault knows, in a field, an error message or a stack', async () => {
    const secret = 'Pa"ss\\w0rd-91'
    registerSecret(secret)
    const log = createAppLog({ dir })
    log.info('console', { message: `login with ${secret} refused` })
    log.error('request-failed', new Error(`bad ${secret}`), { method: 'vault.set' })
    await log.close()
    const text = readFileSync(join(dir, LOG_FILE), 'utf8')
    expect(text).not.toContain('w0rd-91')
    expect(text).not.toContain(JSON.stringify(secret).slice(1, -1))
    const [info, error] = lines()
    expect(info?.message).toBe('login with [redacted] refused')
    expect(error?.error).toMatchObject({ name: 'Error', message: 'bad [redacted]' })
    expect(String((error?.error as { stack: string }).stack)).toContain('bad [redacted]')
  })

  it('rotates by size and keeps only as many old files as asked', async () => {
    const log = createAppLog({ dir, maxBytes: 2048, keep: 2 })
    for (let i = 0; i < 200; i++) log.info('tick', { n: i, pad: 'x'.repeat(60) })
    await log.close()
    const files = readdirSync(dir).sort()
    expect(files).toEqual([LOG_FILE, `${LOG_FILE}.1`, `${LOG_FILE}.2`])
    const newest = lines()
    expect(newest.at(-1)).toMatchObject({ msg: 'tick', n: 199 })
    // The newest rotated file holds the lines just before the live file's first one.
    const previous = lines(join(dir, `${LOG_FILE}.1`))
    expect(Number(previous.at(-1)?.n) + 1).toBe(Number(newest[0]?.n))
  })

  it('says where it cannot write, and the app goes on without its log', async () => {
    const said: string[] = []
    const blocked = join(dir, 'logs')
    writeFileSync(blocked, 'a file where the log folder should be')
    const log = createAppLog({ dir: blocked, fallback: (line) => said.push(line) })
    expect(() => log.info('console', { state: 'connected' })).not.toThrow()
    await log.close()
    expect(said).toEqual([expect.stringContaining(`cannot create the log folder ${blocked}`)])
    expect(readFileSync(blocked, 'utf8')).toBe('a file where the log folder should be')
  })
})

describe('crashes', () => {
  it('an uncaught exception is in the log, redacted, and the process exits 1', () => {
    const script = [
      `import { createAppLog } from ${JSON.stringify(join(import.meta.dirname, 'app-log.ts'))}`,
      `import { installCrashHandlers } from ${JSON.stringify(join(import.meta.dirname, 'crash.ts'))}`,
      `import { registerSecret } from ${JSON.stringify(join(import.meta.dirname, '../vault/redact.ts'))}`,
      `const log = createAppLog({ dir: ${JSON.stringify(dir)} })`,
      'installCrashHandlers(log)',
      "registerSecret('Crash-S3cret')",
      "setTimeout(() => { throw new Error('boom with Crash-S3cret') }, 10)",
    ].join('\n')
    writeFileSync(join(dir, 'crash.mts'), script)
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(dir, 'crash.mts')], {
      encoding: 'utf8',
      timeout: 30_000,
    })
    expect(run.status).toBe(1)
    const text = readFileSync(join(dir, LOG_FILE), 'utf8')
    expect(text).not.toContain('Crash-S3cret')
    const fatal = lines().find((l) => l.msg === 'uncaught-exception')
    expect(fatal).toMatchObject({ level: 'fatal', error: { message: 'boom with [redacted]' } })
  })

  it('a renderer or helper that died is logged; a clean exit is not', async () => {
    const log = createAppLog({ dir })
    logProcessGone(log, 'renderer', { reason: 'clean-exit', exitCode: 0 })
    logProcessGone(log, 'renderer', { reason: 'crashed', exitCode: 139 })
    logProcessGone(log, 'child', { reason: 'oom', exitCode: 9, type: 'Utility', serviceName: 'network' })
    await log.close()
    expect(lines().map((l) => [l.msg, l.reason, l.name ?? null])).toEqual([
      ['renderer-process-gone', 'crashed', null],
      ['child-process-gone', 'oom', 'network'],
    ])
    expect(existsSync(join(dir, LOG_FILE))).toBe(true)
  })
})
