#!/usr/bin/env node
// Fails fast, with one line per missing tool, when a system program the tests need is absent.
import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'

const chromium = process.env.RACKSIDE_CHROMIUM || '/usr/bin/chromium'

/** [what, how to find it, Debian package] */
const needs = [
  ['Chromium (for the Playwright e2e; set RACKSIDE_CHROMIUM to use another)', chromium, 'chromium'],
  ['ssh (OpenSSH client, a real peer of the simulator)', 'ssh', 'openssh-client'],
  ['scp (legacy SCP against the simulator)', 'scp', 'openssh-client'],
  ['ssh-keygen (key files for the SSH key-login tests)', 'ssh-keygen', 'openssh-client'],
  ['ssh-agent (a real agent for the SSH agent-login test)', 'ssh-agent', 'openssh-client'],
  ['stty (reads back the settings a serial port was opened with)', 'stty', 'coreutils'],
  ['mkfifo (a transcript whose reader goes away)', 'mkfifo', 'coreutils'],
  ['openssl (s_client against the simulated NTLS)', 'openssl', 'openssl'],
  ['socat (virtual serial pairs)', 'socat', 'socat'],
  ['expect (the scripted reference the runner is measured against)', 'expect', 'expect'],
  ['dbus-daemon (a private session bus for the keychain tests)', 'dbus-daemon', 'dbus'],
  [
    'gnome-keyring-daemon (the OS keychain the vault is tested against)',
    'gnome-keyring-daemon',
    'gnome-keyring',
  ],
  ['softhsm2-util (SoftHSM2 tokens for the PKCS#11 slot tests)', 'softhsm2-util', 'softhsm2'],
  ['SoftHSM2 module', '/usr/lib/softhsm/libsofthsm2.so', 'softhsm2'],
]

function found(program) {
  const candidates = program.includes('/')
    ? [program]
    : (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, program))
  return candidates.some((file) => {
    try {
      accessSync(file, file.endsWith('.so') ? constants.R_OK : constants.X_OK)
      return true
    } catch {
      return false
    }
  })
}

const missing = needs.filter(([, program]) => !found(program))
for (const [what, program, pkg] of missing) {
  console.error(
    `Missing ${program}: ${what}. Install the Debian/Ubuntu package '${pkg}' (apt-get install -y ${pkg}).`,
  )
}
process.exit(missing.length ? 1 : 0)
