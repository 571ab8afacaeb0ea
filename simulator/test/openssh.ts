import { execFile, spawn } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ApplianceHandle } from '../index'

/**
 * Test-side drivers for the real OpenSSH client, scp and expect against a simulated appliance. Each client gets
 * its own HOME (OpenSSH would otherwise write ~/.ssh) and known_hosts; passwords reach ssh through SSH_ASKPASS
 * (setsid detaches the controlling terminal so ssh cannot ask on a tty).
 */

export interface Run {
  code: number
  stdout: string
  stderr: string
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

export function removeDir(path: string): void {
  rmSync(path, { recursive: true, force: true })
}

export function run(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string; timeoutMs?: number } = {},
): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 25_000)
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    child.stdin.on('error', () => {})
    child.stdin.end(options.input ?? '')
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code: code ?? -1, stdout, stderr })
    })
  })
}

export class OpenSshClient {
  readonly home: string
  readonly knownHosts: string
  private readonly askpass: string

  constructor(
    private readonly handle: ApplianceHandle,
    private password: string,
    readonly user = 'admin',
  ) {
    this.home = tempDir('rackside-ssh-home-')
    this.knownHosts = join(this.home, 'known_hosts')
    this.askpass = join(this.home, 'askpass.sh')
    this.setPassword(password)
  }

  setPassword(password: string): void {
    this.password = password
    writeFileSync(this.askpass, `#!/bin/sh\nprintf '%s\\n' '${password.replace(/'/g, `'\\''`)}'\n`)
    chmodSync(this.askpass, 0o700)
  }

  get host(): string {
    return this.handle.ssh.host
  }

  /** Options shared by ssh and scp (scp takes -P for the port, added by the callers). */
  options(method: 'password' | 'keyboard-interactive' = 'password'): string[] {
    return [
      '-o',
      `UserKnownHostsFile=${this.knownHosts}`,
      '-o',
      'StrictHostKeyChecking=accept-new',
      '-o',
      'GlobalKnownHostsFile=/dev/null',
      '-o',
      `PreferredAuthentications=${method}`,
      '-o',
      'PubkeyAuthentication=no',
      '-o',
      'NumberOfPasswordPrompts=1',
      '-o',
      'ConnectTimeout=10',
      '-o',
      'LogLevel=ERROR',
    ]
  }

  env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      HOME: this.home,
      SSH_ASKPASS: this.askpass,
      SSH_ASKPASS_REQUIRE: 'force',
      DISPLAY: ':0',
    }
  }

  ssh(
    args: string[],
    options: { input?: string; method?: 'password' | 'keyboard-interactive'; timeoutMs?: number } = {},
  ): Promise<Run> {
    return run(
      'setsid',
      ['-w', 'ssh', '-p', String(this.handle.ssh.port), ...this.options(options.method), ...args],
      {
        env: this.env(),
        input: options.input,
        timeoutMs: options.timeoutMs,
      },
    )
  }

  /** A one-shot command: `ssh admin@hsm "<command>"`. */
  exec(command: string): Promise<Run> {
    return this.ssh([`${this.user}@${this.host}`, command])
  }

  /** An interactive session with a pty (`ssh -tt`), typing `lines` into the shell. */
  tt(lines: string[], timeoutMs?: number): Promise<Run> {
    return this.ssh(['-tt', `${this.user}@${this.host}`], {
      input: lines.map((line) => `${line}\n`).join(''),
      timeoutMs,
    })
  }

  /** `scp -O` (legacy protocol) or plain `scp` (SFTP on OpenSSH 9). */
  scp(from: string, to: string, legacy = true): Promise<Run> {
    const args = [...(legacy ? ['-O'] : []), '-P', String(this.handle.ssh.port), ...this.options(), from, to]
    return run('setsid', ['-w', 'scp', ...args], { env: this.env() })
  }

  remote(path: string): string {
    return `${this.user}@${this.host}:${path}`
  }

  /** The host key fingerprint OpenSSH stored in known_hosts, as `ssh-keygen -l` prints it. */
  async knownFingerprint(): Promise<string | undefined> {
    const result = await run('ssh-keygen', ['-l', '-f', this.knownHosts], { env: this.env() })
    return /(SHA256:\S+)/.exec(result.stdout)?.[1]
  }

  dispose(): void {
    removeDir(this.home)
  }
}

const tcl = (text: string) =>
  `"${text
    .replace(/[\\"$[\]]/g, '\\$&')
    .replace(/\r/g, '\\r')
    .replace(/\n/g, '\\n')}"`

export interface ExpectStep {
  /** Literal text to wait for. */
  expect: string
  /** Typed after it, followed by CR; undefined sends nothing. */
  send?: string
}

/**
 * Drives an interactive ssh session with Debian's expect: the password at the ssh prompt (keyboard-interactive
 * or password), then each step. Resolves with the whole transcript; code 2 when a step timed out.
 */
export function expectSsh(
  client: OpenSshClient,
  port: number,
  password: string,
  steps: ExpectStep[],
  timeoutSeconds = 20,
): Promise<Run> {
  const lines = [
    `set timeout ${timeoutSeconds}`,
    'log_user 1',
    `spawn ssh -p ${port} ${client.options('keyboard-interactive').join(' ')} ${client.user}@${client.host}`,
    'expect {',
    '  -re "assword: ?$" {}',
    '  timeout { puts "\\nEXPECT-TIMEOUT waiting for the password prompt"; exit 2 }',
    '}',
    `send -- ${tcl(`${password}\r`)}`,
  ]
  for (const step of steps) {
    lines.push('expect {')
    lines.push(`  -exact ${tcl(step.expect)} {}`)
    lines.push(`  timeout { puts ${tcl(`\nEXPECT-TIMEOUT waiting for ${step.expect}`)}; exit 2 }`)
    lines.push(`  eof { puts ${tcl(`\nEXPECT-EOF waiting for ${step.expect}`)}; exit 3 }`)
    lines.push('}')
    if (step.send !== undefined) lines.push(`send -- ${tcl(`${step.send}\r`)}`)
  }
  lines.push('expect eof')
  const script = join(client.home, `session-${Date.now()}-${Math.random().toString(36).slice(2)}.exp`)
  writeFileSync(script, `${lines.join('\n')}\n`)
  // No SSH_ASKPASS here: expect answers ssh's own password prompt on the pty.
  const env = { ...process.env, HOME: client.home }
  return run('expect', [script], { env, timeoutMs: (timeoutSeconds + 10) * 1000 })
}

/** The first login over SSH: factory PASSWORD, the forced change, then `exit`. */
export async function firstLogin(client: OpenSshClient, port: number, newPassword: string): Promise<Run> {
  const result = await expectSsh(client, port, 'PASSWORD', [
    { expect: '(current) UNIX password:', send: 'PASSWORD' },
    { expect: 'Enter new password:', send: newPassword },
    { expect: 'Re-type new password:', send: newPassword },
    { expect: 'lunash:>', send: 'exit' },
  ])
  client.setPassword(newPassword)
  return result
}

export function execFileText(command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { env: env ?? process.env, timeout: 25_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      resolve({ code, stdout, stderr })
    })
  })
}
