/**
 * The 23 cases of the redaction review, as the console records them: each typed through the transcript stage
 * the host puts in front of every console, echoed by a line editor at a terminal of the given width. Thirteen
 * leaked the secret in clear before redaction was driven by the command table; ten already worked.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { echoConsole, type EchoConsole, type Wrap } from '../../tests/support/echo-console'
import { clearSecretsForTests, registerSecret } from '../vault/redact'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rackside-redaction-'))
})
afterEach(() => {
  clearSecretsForTests()
  rmSync(dir, { recursive: true, force: true })
})

const LUNASH = '[rack7] lunash:>'
const SHELL = 'op@cms01:~$ '
const DONE = '\r\nCommand Result : 0 (Success)\r\n'

/** The operator types `text` one key at a time, each echoed (`clear`, or `mask` as *) and delivered. */
function keys(c: EchoConsole, text: string, echo: 'clear' | 'mask'): void {
  for (const key of text) {
    c.type(key, echo)
    c.deliver()
  }
}

/** The operator types a command at `prompt`, one key at a time, each echoed and delivered. */
function command(c: EchoConsole, prompt: string, line: string): void {
  c.print(prompt)
  c.deliver()
  keys(c, line, 'clear')
  c.type('\r', 'clear')
  c.print(DONE)
  c.deliver()
}

interface Case {
  name: string
  /** Leaked before the table drove redaction. */
  leaked: boolean
  secret: string
  width?: number
  wrap?: Wrap
  play(c: EchoConsole, secret: string): void
  /** A line the record must hold (the secret's place shown as [redacted]): proof the case was played. */
  recorded: string
}

const typedAt =
  (prompt: string, line: (secret: string) => string) =>
  (c: EchoConsole, secret: string): void =>
    command(c, prompt, line(secret))

/** A command typed at `prompt` with the secret in it; the record must hold the line with [redacted] in its place. */
const typed = (
  name: string,
  leaked: boolean,
  secret: string,
  prompt: string,
  line: (secret: string) => string,
): Case => ({
  name,
  leaked,
  secret,
  play: typedAt(prompt, line),
  recorded: `${prompt}${line('[redacted]')}`,
})

const cases: Case[] = [
  typed('the abbreviation -pass', true, 'S3cret-Pass1', LUNASH, (s) => `hsm login -pass ${s}`),
  typed(
    'the abbreviation -passw',
    true,
    'S3cret-Passw2',
    LUNASH,
    (s) => `partition create -partition p1 -passw ${s}`,
  ),
  typed('the abbreviation -p (hsm login)', true, 'S3cret-P3', LUNASH, (s) => `hsm login -p ${s}`),
  typed(
    'the abbreviation -s for -sopw (hsm init, 5.3)',
    true,
    'So-Pw-44x',
    LUNASH,
    (s) => `hsm init -label rack7 -s ${s} -force`,
  ),
  typed(
    'the abbreviation -d for -domain (hsm init)',
    true,
    'Rack7-Domain-d',
    LUNASH,
    (s) => `hsm init -label rack7 -d ${s} -force`,
  ),
  typed(
    'the abbreviation -dom (partition create)',
    true,
    'Rack7-Domain-dom',
    LUNASH,
    (s) => `partition create -partition p1 -dom ${s}`,
  ),
  typed('--password=x', true, 'Eq-S3cret-9', LUNASH, (s) => `hsm login --password=${s}`),
  typed(
    'an en dash: –password (as the HID guide prints it)',
    true,
    'EnDash-S3cret',
    SHELL,
    (s) => `vtl haAdmin –newGroup –serialNum 902514001 –label ade_test –password ${s}`,
  ),
  typed(
    "vtl's -p",
    true,
    'Vtl-P-S3cret',
    SHELL,
    (s) => `vtl haAdmin newGroup -serialNum 1234 -label ha1 -p ${s}`,
  ),
  {
    name: "a command line wrapped at the terminal's edge (CR LF at the wrap column)",
    leaked: true,
    secret: 'Wrapped-S3cret-Value',
    width: 50,
    wrap: 'crlf',
    // `[rack7] lunash:>partition create -partition p1 -pa|ssword Wrapped-S3cret-V|alue -force`
    play: typedAt(LUNASH, (s) => `partition create -partition p1 -password ${s} -force`),
    recorded: 'ssword [redacted]',
  },
  {
    name: 'an answer echoed after a "challenge" question',
    leaked: true,
    secret: 'Ch4llenge-Secret',
    play(c, secret) {
      command(c, 'lunacm:>', 'partition login')
      c.print('\r\nPlease enter the partition challenge: ')
      c.deliver()
      c.type(`${secret}\r`, 'clear')
      c.print('\r\nCommand Result : No Error\r\nlunacm:>')
      c.deliver()
    },
    recorded: 'Please enter the partition challenge: [redacted]',
  },
  {
    name: 'an answer echoed after a "domain" question',
    leaked: true,
    secret: 'Domain-Answer-7',
    play(c, secret) {
      command(c, LUNASH, 'partition create -partition p1')
      c.print('\r\nEnter the domain: ')
      c.deliver()
      keys(c, `${secret}\r`, 'clear')
      c.print(`\r\n${LUNASH}`)
      c.deliver()
    },
    recorded: 'Enter the domain: [redacted]',
  },
  {
    name: 'a bracketed paste at a password question',
    leaked: true,
    secret: 'Past3d-Secret',
    play(c, secret) {
      c.print('login: admin\r\nPassword: ')
      c.deliver()
      c.type(`\x1b[200~${secret}\x1b[201~\r`, 'clear')
      c.print('Last login: today\r\n')
      c.deliver()
    },
    recorded: 'Password: [redacted]',
  },
  typed('-password', false, 'Full-Passw0rd', LUNASH, (s) => `hsm login -password ${s}`),
  typed('-sopw', false, 'Sopw-Passw0rd', LUNASH, (s) => `hsm init -label rack7 -sopw ${s} -force`),
  typed('-newpw', false, 'N3w-Passw0rd', LUNASH, (s) => `partition changePw -partition p1 -newpw ${s}`),
  typed('-oldpw', false, 'Old-Passw0rd', LUNASH, (s) => `partition changePw -partition p1 -oldpw ${s}`),
  typed('-pin', false, '9876-5432-11', SHELL, (s) => `pkcs11-tool --login -pin ${s}`),
  typed('-domain', false, 'Rack7-Cloning', LUNASH, (s) => `partition create -partition p1 -domain ${s}`),
  {
    name: 'an answer typed at `Password:` (not echoed), then shown by a later command',
    leaked: false,
    secret: 'Login-Passw0rd',
    play(c, secret) {
      c.print("admin@10.0.0.7's password: ")
      c.deliver()
      c.type(`${secret}\r`, 'none')
      c.deliver()
      command(c, SHELL, `echo ${secret}`)
      c.print(`${secret}\r\n`)
      c.deliver()
    },
    recorded: `${SHELL}echo [redacted]`,
  },
  {
    name: "lunash's two-line question, the answer echoed as *",
    leaked: false,
    secret: 'Hsm-Adm1n-Pw',
    play(c, secret) {
      command(c, LUNASH, 'hsm login')
      c.print("\r\nPlease enter the HSM Administrators' password:\r\n> ")
      c.deliver()
      keys(c, `${secret}\r`, 'mask')
      c.print(`\r\n'hsm login' successful.\r\n${DONE}${LUNASH}echo ${secret}\r\n${secret}\r\n`)
      c.deliver()
    },
    recorded: `${LUNASH}echo [redacted]`,
  },
  {
    name: 'local echo: the answer shown as typed on a serial line',
    leaked: false,
    secret: 'Hunt3r-22',
    play(c, secret) {
      c.print('login: admin\r\nPassword: ')
      c.deliver()
      keys(c, `${secret}\r`, 'clear')
      c.print('Last login: today\r\n')
      c.deliver()
    },
    recorded: 'Password: [redacted]',
  },
  {
    name: 'a secret registered from the keychain, printed by the appliance',
    leaked: false,
    secret: 'Keych4in-Secret',
    play(c, secret) {
      registerSecret(secret)
      command(c, SHELL, 'cat /etc/Chrystoki.conf')
      c.print(`   Password = ${secret};\r\n`)
      c.deliver()
    },
    recorded: '   Password = [redacted]',
  },
]

describe('the 23 review cases, each through the console transcript', () => {
  it('are 23: 13 that leaked and 10 that held', () => {
    expect(cases).toHaveLength(23)
    expect(cases.filter((c) => c.leaked)).toHaveLength(13)
  })

  it.each(cases)('$name: never in the record', async (c) => {
    const console = await echoConsole({ dir, width: c.width ?? 120, wrap: c.wrap ?? 'crlf' })
    c.play(console, c.secret)
    console.close()
    const text = readFileSync(console.file, 'utf8')
    expect(text).not.toContain(c.secret)
    expect(console.lines().join('')).not.toContain(c.secret)
    expect(console.lines().some((line) => line.includes(c.recorded))).toBe(true)
  })
})

describe('beyond the review', () => {
  it.each<[Wrap, number]>([
    ['space-cr', 37],
    ['cr', 41],
    ['autowrap', 30],
  ])('hides a value wrapped with %s at width %i', async (wrap, width) => {
    const console = await echoConsole({ dir, width, wrap })
    command(console, LUNASH, 'hsm init -label rack7 -password Wr4pped-Over-The-Edge -force')
    console.close()
    expect(readFileSync(console.file, 'utf8')).not.toContain('Wr4pped')
    expect(console.lines().join('')).not.toContain('Wr4pped-Over-The-Edge')
  })

  it('hides a command line wrapped on the screen with no keystrokes seen (a recalled line)', async () => {
    const console = await echoConsole({ dir, width: 40, wrap: 'crlf' })
    console.print(`${LUNASH}hsm login -passw\r\nord Recall3d-Secret\r\n${DONE}`)
    console.print(`${LUNASH}partition create -partition p1 -domain Recall3d-Dom\r\nain -force\r\n${DONE}`)
    console.close()
    expect(console.lines()).toEqual(
      expect.arrayContaining([
        `${LUNASH}hsm login -passw`,
        'ord [redacted]',
        `${LUNASH}partition create -partition p1 -domain [redacted]`,
        '[redacted] -force',
      ]),
    )
  })

  it('hides what lunacm -c, sudo vtl and the first-login questions carry', async () => {
    const console = await echoConsole({ dir, width: 200, wrap: 'crlf' })
    command(console, SHELL, 'lunacm -c "role login -name co -password Lunacm-Inner-1"')
    command(
      console,
      SHELL,
      'sudo /usr/safenet/lunaclient/bin/vtl haAdmin -addMember -group 1 -serialNum 2 -pass=Sud0-Vtl-Pw',
    )
    console.print('(current) UNIX password: ')
    console.deliver()
    console.type('PASSWORD\r', 'none')
    console.print('Enter new password: ')
    console.deliver()
    console.type('N3w-Adm1n-Pw!\r', 'none')
    console.print('Retype new password: ')
    console.deliver()
    console.type('N3w-Adm1n-Pw!\r', 'none')
    console.print('passwd: all authentication tokens updated successfully.\r\n')
    console.deliver()
    command(console, LUNASH, 'echo PASSWORD N3w-Adm1n-Pw!')
    console.close()
    const text = readFileSync(console.file, 'utf8')
    for (const secret of ['Lunacm-Inner-1', 'Sud0-Vtl-Pw', 'N3w-Adm1n-Pw!'])
      expect(text).not.toContain(secret)
    expect(console.lines()).toContain(`${LUNASH}echo [redacted] [redacted]`)
    expect(console.lines()).toContain('passwd: all authentication tokens updated successfully.')
  })

  it('does not take the answer to a proceed question for a secret when the runner answered the password unseen', async () => {
    const console = await echoConsole({ dir, width: 120, wrap: 'crlf' })
    command(console, LUNASH, 'hsm init -label rack7')
    console.print('\r\nPlease enter a password for the HSM Administrator:\r\n> ')
    console.deliver()
    // The runner types the keychain's password with writeSecret: the transcript sees only its masked echo.
    console.print("********\r\n\r\nType 'proceed' to initialize the HSM, or 'quit'\r\nto quit now.\r\n> ")
    console.deliver()
    console.type('quit\r', 'clear')
    console.print(`'hsm init' aborted.\r\n${DONE}${LUNASH}`)
    console.close()
    expect(console.lines()).toEqual(expect.arrayContaining(['> ********', '> quit', "'hsm init' aborted."]))
  })

  it('keeps what is no secret: option names, partition names, status lines', async () => {
    const console = await echoConsole({ dir, width: 120, wrap: 'crlf' })
    command(console, LUNASH, 'partition create -partition cms_par1 -size 2000 -force')
    command(console, LUNASH, 'hsm init -label rack7 -defaultdomain -force')
    console.print(
      'PIN-based authentication                  True\r\n        Domain:                  example.com\r\n',
    )
    console.print('Password authentication is enabled\r\nLegacy Domain Has Been Set:                no\r\n')
    command(console, SHELL, 'vtl addServer -n 10.0.0.7 -c server.pem')
    console.close()
    expect(console.lines().join('\n')).not.toContain('[redacted]')
  })
})
