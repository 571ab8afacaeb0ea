import { describe, expect, it } from 'vitest'
import { classifyScreen, describeScreen, type ScreenKind } from './screen'

// Screens as consoles show them: real lunash, lunacm, PAM and getty texts (luna-lunash-vtl.md), with the
// output that came before them.
const screens: [string, string, ScreenKind][] = [
  [
    'a fresh SSH login',
    'Last login: Mon Jan 30 11:24:00 from 172.20.10.180\r\n\r\n[local_host] lunash:>',
    'lunash',
  ],
  ['a prompt with a trailing space', 'Command Result : 0 (Success)\n\n[rack7-hsm] lunash:> ', 'lunash'],
  ['a prompt in colour', '\x1b[1m[rack7-hsm] lunash:>\x1b[0m ', 'lunash'],
  ['a half-typed command', '[rack7-hsm] lunash:>hsm log', 'typed'],
  ['a command typed and erased', '[rack7-hsm] lunash:>hsm\b \b\b \b\b \b', 'lunash'],
  [
    'hsm login waiting for the SO password',
    "[local_host] lunash:>hsm login\r\n\r\n  Please enter the HSM Administrators' password:\r\n  > ",
    'secret',
  ],
  [
    'hsm login with part of the password typed',
    "[local_host] lunash:>hsm login\n\n  Please enter the HSM Administrators' password:\n  > *****",
    'secret',
  ],
  ['the forced first-login change', 'Changing password for admin.\n(current) UNIX password: ', 'secret'],
  ['the new password', 'Changing password for admin.\n(current) UNIX password:\nNew password: ', 'secret'],
  ['a PAM retype', 'New password:\nRe-type new password:', 'secret'],
  ['a serial Password:', '[localhost] ttyS0 login: admin\nPassword: ', 'secret'],
  ['a challenge', 'Please enter the partition challenge:\n> ', 'secret'],
  [
    'a cloning domain (older form)',
    'Please enter the cloning domain to use for initializing this HSM (press <enter> to use the default domain):',
    'secret',
  ],
  ['a lunacm secret', 'Enter password for Partition SO: ', 'secret'],
  ['a PIN', 'Enter PIN: ', 'secret'],
  [
    'hsm init asking to proceed',
    "CAUTION: Are you sure you wish to re-initialize this HSM?\nAll partitions and data will be erased.\n\nType 'proceed' to initialize the HSM, or 'quit'\nto quit now.\n> ",
    'confirm',
  ],
  [
    'the older proceed form, no marker',
    'Type proceed to initialize the HSM, or type quit to quit now.',
    'confirm',
  ],
  ['lunacm ->', "Type 'proceed' to continue, or 'quit' to quit now ->", 'confirm'],
  [
    'the last SO login attempt',
    "Caution:  This is your LAST available HSM Admin login attempt.\nIf you are sure that you wish to proceed, then type 'proceed', otherwise type 'quit'\n> ",
    'confirm',
  ],
  ['a yes/no', 'Are you sure? (y/n) ', 'confirm'],
  [
    'a PED wait',
    '[local_host] lunash:>hsm login\n\nLuna PED operation required to login as HSM Administrator - use Security Officer (blue) PED key.\n',
    'ped',
  ],
  ['a pager', 'line 1\nline 2\n--More--', 'pager'],
  ['less at the end', 'line\n(END)', 'pager'],
  ['a serial login', '\r\n[localhost] ttyS0 login: ', 'login'],
  ['a bare login', 'login:', 'login'],
  ['a root shell', 'Last login: today\n[root@luna ~]# ', 'shell'],
  ['a user shell', 'bash-4.2$ ', 'shell'],
  [
    'the changePw menu on a PED HSM',
    'Which part of the partition password do you wish to change?\n  1. change partition owner (black) PED key\n  2. change the challenge\n  0. abort command\n\nPlease select one of the above options: ',
    'menu',
  ],
  ['some other question', 'Enter the new label for the HSM: ', 'question'],
  ['a question with a default', 'Use the default settings? [Y]', 'question'],
  ['nothing at all', '', 'empty'],
  ['only blank lines', '\r\n\r\n   \r\n', 'empty'],
  ['output still streaming', 'HSM Label: patchLuna\nSerial #: 157541\nFirmware: 6.10.9', 'unknown'],
  ['a Command Result with no prompt yet', 'Command Result : 0 (Success)\n', 'unknown'],
]

describe('what a console is waiting for', () => {
  it.each(screens)('%s', (_name, raw, kind) => {
    expect(classifyScreen(raw).kind).toBe(kind)
  })

  it('only a prompt at the very end is the lunash prompt: a question after an old prompt is a question', () => {
    const raw = "[rack7] lunash:>hsm login\nPlease enter the HSM Administrators' password:\n> "
    expect(classifyScreen(raw).kind).toBe('secret')
  })

  it('names the appliance of the prompt, and what is typed on the line', () => {
    expect(classifyScreen('[rack7-hsm] lunash:>').host).toBe('rack7-hsm')
    expect(classifyScreen('[rack7-hsm] lunash:>partition delete').typed).toBe('partition delete')
  })

  it('quotes the console’s own words, at most three lines', () => {
    const screen = classifyScreen(
      "a\nb\n[h] lunash:>hsm login\n\n  Please enter the HSM Administrators' password:\n  > ",
    )
    expect(screen.text).toBe("[h] lunash:>hsm login\nPlease enter the HSM Administrators' password:\n>")
    expect(describeScreen(screen)).toContain("Please enter the HSM Administrators' password: / >")
  })

  it('reads only the end of a long output', () => {
    const raw = `${'x'.repeat(200_000)}\n[h] lunash:>`
    expect(classifyScreen(raw).kind).toBe('lunash')
  })
})
