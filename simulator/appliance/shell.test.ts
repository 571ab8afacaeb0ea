import { describe, expect, it } from 'vitest'
import { hashPassword } from './passwords'
import { makeAppliance, openSession, replay, settleAdmin, trimLines } from './testkit'

const SUCCESS = 'Command Result : 0 (Success)'
const FAILURE = 'Command Result : 65535 (Luna Shell execution)'

async function adminSession(era: 5 | 6 | 7 = 5) {
  const h = await makeAppliance({ era })
  settleAdmin(h.core)
  const t = await openSession(h.appliance)
  return { ...h, t }
}

describe('first login', () => {
  it('refuses passwords that break the rules and accepts a good one', async () => {
    const { appliance } = await makeAppliance()
    const t = await openSession(appliance)
    expect(t.text).toContain('(current) UNIX password: ')
    await t.lines('PASSWORD', 'short1!', 'Abcdefg1', 'abcdEFGH!1')
    expect(t.text).toContain('BAD PASSWORD: it is too short')
    // An upper case first letter and a digit at the end do not count: "Abcdefg1" has only lower case letters.
    expect(t.text).toContain('BAD PASSWORD: is too simple')
    expect(t.text).toContain('Re-type new password: ')
    await t.lines('abcdEFGH!1')
    expect(t.text).toMatch(/\[local_host\] lunash:>$/)
    expect(appliance.authenticate('admin', 'abcdEFGH!1')).toEqual({
      ok: true,
      role: 'admin',
      mustChangePassword: false,
    })
    expect(appliance.authenticate('admin', 'PASSWORD')).toEqual({ ok: false })
  })

  it('hangs up after a wrong current password', async () => {
    const { appliance } = await makeAppliance()
    const t = await openSession(appliance)
    await t.lines('password')
    expect(t.hungUp).toBeDefined()
    expect(t.text).not.toContain('lunash:>')
  })

  it('hangs up after three refused new passwords, and the factory password still works', async () => {
    const { appliance } = await makeAppliance()
    const t = await openSession(appliance)
    await t.lines('PASSWORD', 'a', 'b', 'Abcdefg1')
    expect(t.hungUp).toBeDefined()
    expect(appliance.authenticate('admin', 'PASSWORD')).toMatchObject({ ok: true, mustChangePassword: true })
  })

  it('Ctrl-C during the password change abandons the login', async () => {
    const { appliance } = await makeAppliance()
    const t = await openSession(appliance)
    await t.type('PASS\x03')
    expect(t.hungUp).toBe('interrupted')
    expect(appliance.authenticate('admin', 'PASSWORD')).toMatchObject({ ok: true, mustChangePassword: true })
  })

  it('serial login says Login incorrect for a wrong password and asks again', async () => {
    const { appliance, core } = await makeAppliance()
    settleAdmin(core)
    const t = await openSession(appliance, { user: undefined, transport: 'serial', remoteAddress: 'ttyS0' })
    await t.lines('admin', 'wrong')
    expect(t.text).toContain('Password: \nLogin incorrect\n\n[localhost] ttyS0 login: ')
    await t.lines('admin', 'Admin123!')
    expect(t.text).toMatch(/Last login: .* on ttyS0\n\nLuna SA 5\.4\.7-1 Command Line Shell/)
    expect(t.text).toMatch(/\[local_host\] lunash:>$/)
  })
})

describe('command line', () => {
  it('accepts unambiguous prefixes and any case', async () => {
    const { t, core } = await adminSession()
    core.state.hsm.initialized = true
    core.state.hsm.soLoggedIn = true
    core.state.hsm.soPasswordHash = hashPassword('x')
    await t.lines('par cr -par p1 -password partpass1 -domain d -f', 'PARTITION LIST', 'sysconf ntp li')
    expect(t.text).toContain("'partition create' successful.")
    expect(t.text).toMatch(/157541001 {4}p1 /)
    expect(t.text).toContain('NTP Servers:\nserver 127.127.1.0\n')
    expect(t.text).not.toContain(FAILURE)
  })

  it('rejects an ambiguous prefix and an unknown command with an error and result 65535', async () => {
    const { t } = await adminSession()
    const ambiguous = trimLines(await replay(t, 's'))
    expect(ambiguous).toContain(
      "Error:  Ambiguous command: 's'. Possible completions: service status sysconf",
    )
    expect(ambiguous).toMatch(
      new RegExp(`\\n\\n${FAILURE.replace(/[()]/g, '\\$&')}\\n\\[local_host\\] lunash:>$`),
    )
    const unknown = await replay(t, 'frobnicate')
    expect(unknown).toContain('Error:  Invalid command: frobnicate')
    expect(unknown).toContain(FAILURE)
  })

  it('knows the old and the new syntax for the same settings', async () => {
    const { t, core } = await adminSession()
    await t.lines('sysconf -timezone -set Europe/Berlin')
    expect(core.state.time.zone).toBe('Europe/Berlin')
    await t.lines('sysconf timezone set America/New_York')
    expect(core.state.time.zone).toBe('America/New_York')
    await t.lines(
      'net -dns -nameserver 10.0.0.53',
      'network dns -nameserver 10.0.0.54',
      'network dns add nameserver 10.0.0.55',
    )
    expect(core.state.network.dnsServers).toEqual(['10.0.0.53', '10.0.0.54', '10.0.0.55'])
    await t.lines('sysconf -time 12:55 20071223')
    expect(trimLines(await replay(t, 'status date'))).toContain('Sun Dec 23 12:55:')
    await t.lines('sysconf time 08:30 20300102')
    expect(await replay(t, 'status time')).toContain('Wed Jan  2 08:30:')
    await t.lines('net hostname hsm1', 'network hostname hsm2')
    expect(t.text).toMatch(/\[hsm2\] lunash:>$/)
    expect(t.text).not.toContain(FAILURE)
  })

  it('edits the line with backspace and DEL, and echoes what is typed', async () => {
    const { t } = await adminSession()
    t.mark()
    await t.type('hsm shox\x7fw\r')
    expect(t.sinceMark).toContain('hsm shox\b \bw\n')
    expect(t.sinceMark).toContain('HSM Details:')
    t.mark()
    await t.type('hsm shxy\b\bow\r')
    expect(t.sinceMark).toContain('HSM Details:')
  })

  it('takes input a byte at a time and treats CR LF as one line end', async () => {
    const { t } = await adminSession()
    t.mark()
    for (const ch of 'client list\r\n') t.shell.input(ch)
    await t.settle()
    expect(t.sinceMark.match(/lunash:>/g)).toHaveLength(1)
    expect(t.sinceMark).toBe(
      `client list\n\nNo clients are registered.\n\n\n${SUCCESS}\n[local_host] lunash:>`,
    )
    t.mark()
    await t.type('\r')
    expect(t.sinceMark).toBe('\n[local_host] lunash:>')
  })

  it('completes a command word with Tab and recalls earlier lines with the arrow keys', async () => {
    const { t } = await adminSession()
    t.mark()
    await t.type('hsm disp\t\r')
    expect(t.sinceMark).toContain('hsm displayLicenses \n')
    expect(t.sinceMark).toContain('HSM CAPABILITY LICENSES')
    await t.lines('client list')
    t.mark()
    await t.type('\x1b[A\x1b[A\r')
    expect(t.sinceMark).toContain('HSM CAPABILITY LICENSES')
  })

  it('Ctrl-C at a prompt aborts the command and gives the prompt back', async () => {
    const { t, core } = await adminSession()
    await t.type('sysconf regenCert\r')
    const before = core.state.ntls.certPem
    t.mark()
    await t.type('pro\x03')
    expect(t.sinceMark).toBe(`^C\n\n${FAILURE}\n[local_host] lunash:>`)
    expect(core.state.ntls.certPem).toBe(before)
  })

  it("answering 'quit' to a confirmation changes nothing", async () => {
    const { t, appliance } = await adminSession()
    const before = appliance.readFile('server.pem')?.toString()
    const out = await replay(t, 'sysconf regenCert', 'quit')
    expect(out).toContain(FAILURE)
    expect(appliance.readFile('server.pem')?.toString()).toBe(before)
  })

  it('sysconf appliance reboot logs the SO out, keeps only auto-activated partitions active and hangs up', async () => {
    const { t, core } = await adminSession()
    core.state.hsm.initialized = true
    core.state.hsm.soLoggedIn = true
    await t.lines(
      'par cr -par keep -password partpass1 -domain d -f',
      'par cr -par lose -password partpass1 -domain d -f',
    )
    for (const p of core.state.partitions) p.activated = true
    const keep = core.state.partitions[0]
    if (keep) keep.policies['23'] = 1
    const out = await replay(t, 'sysconf appliance reboot -force')
    expect(out).toContain('The system is going down for reboot NOW!\nReboot commencing\n')
    expect(t.hungUp).toBe('reboot')
    expect(core.state.hsm.soLoggedIn).toBe(false)
    expect(core.state.partitions.map((p) => p.activated)).toEqual([true, false])
  })

  it('sysconf ntp ntpdate sets the clock only while ntpd is stopped (S1)', async () => {
    const { t, core } = await adminSession()
    await t.lines('sysconf time 10:00 20200101')
    core.state.ntp.running = true
    expect(await replay(t, 'sysconf ntp ntpdate 10.0.10.7')).toContain(FAILURE)
    await t.lines('service stop ntp')
    const out = await replay(t, 'sysconf ntp ntpdate 10.0.10.7')
    expect(out).toMatch(
      /This command sets the date and time using ntp server "10\.0\.10\.7" if NTP daemon is not running\.\n\nCurrent time before running ntpdate: Wed Jan {2}1 10:00:\d\d UTC 2020\nCurrent time after running ntpdate: \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d UTC 20\d\d\n/,
    )
    expect(Math.abs(core.now().getTime() - Date.now())).toBeLessThan(1000)
  })

  it('exit hangs up the line', async () => {
    const { t } = await adminSession()
    await t.lines('exit')
    expect(t.hungUp).toBe('exit')
  })
})

describe('roles', () => {
  it('monitor may view but not change anything, operator may not manage users', async () => {
    const { appliance, core } = await makeAppliance()
    for (const u of core.state.users) {
      u.enabled = true
      u.mustChangePassword = false
      u.passwordHash = hashPassword('Role1234!')
    }
    const monitor = await openSession(appliance, { user: 'monitor' })
    await monitor.lines('hsm show')
    expect(monitor.text).toContain(SUCCESS)
    const refused = await replay(monitor, 'net hostname evil')
    expect(refused).toContain("'network hostname' is not available to the monitor role")
    expect(refused).toContain(FAILURE)
    expect(core.state.network.hostname).toBeNull()
    const operator = await openSession(appliance, { user: 'operator' })
    expect(await replay(operator, 'user list')).toContain(FAILURE)
    expect(await replay(operator, 'service restart ntp')).toContain(SUCCESS)
  })

  it('a disabled user cannot log in', async () => {
    const { appliance } = await makeAppliance()
    expect(appliance.authenticate('operator', 'PASSWORD')).toEqual({ ok: false })
    expect(appliance.authenticate('admin', 'PASSWORD')).toMatchObject({ ok: true })
  })
})

describe('HSM', () => {
  async function initialised() {
    const s = await adminSession(6)
    await s.t.lines(
      'hsm init -label hsm1 -password sopass123 -domain dom -force',
      'hsm login -password sopass123',
    )
    await s.t.lines('partition create -partition p1 -password partpass1 -domain dom -force')
    expect(s.core.state.partitions).toHaveLength(1)
    return s
  }

  it('zeroizes after the last failed SO login, warning before the last attempt', async () => {
    const { t, core } = await initialised()
    await t.lines('hsm logout')
    const first = trimLines(await replay(t, 'hsm login', 'wrong1'))
    expect(first).toContain("Error:  'hsm login' failed. (A00000 : LUNA_RET_UM_PIN_INCORRECT)")
    await t.lines('hsm login', 'wrong2')
    expect(await replay(t, 'hsm show')).toContain(
      'HSM Admin login attempts left:      1 before HSM zeroization!',
    )
    const quit = await replay(t, 'hsm login', 'quit')
    expect(quit).toContain('Caution:  This is your LAST available HSM Admin login attempt')
    expect(core.state.hsm.loginAttemptsLeft).toBe(1)
    const last = await replay(t, 'hsm login', 'proceed', 'wrong3')
    expect(last).toContain("Error:  'hsm login' failed. (30000F : LUNA_RET_SO_LOGIN_FAILURE_THRESHOLD)")
    const show = await replay(t, 'hsm show')
    expect(show).toContain('HSM Label:                          no label')
    expect(show).toContain('HSM Admin login attempts left:      HSM IS ZEROIZED !!!!')
    expect(show).not.toContain('Name: p1')
  })

  it('a good SO login resets the attempts', async () => {
    const { t, core } = await initialised()
    await t.lines('hsm logout', 'hsm login', 'wrong', 'hsm login', 'sopass123')
    expect(core.state.hsm.loginAttemptsLeft).toBe(3)
    expect(await replay(t, 'hsm show')).toContain('HSM Admin login status:             Logged In')
  })

  it('a destructive policy change erases the partitions, a non-destructive one does not', async () => {
    const { t, appliance } = await initialised()
    await t.lines('client register -client c1 -ip 10.0.0.9')
    appliance.writeFile('10.0.0.9.pem', Buffer.from(appliance.readFile('server.pem') ?? ''))
    await t.lines('client register -client c1 -ip 10.0.0.9', 'client assign -c c1 -p p1')
    expect(appliance.ntlsView().clients[0]?.partitions.map((p) => p.name)).toEqual(['p1'])
    await t.lines('hsm changePolicy -policy 16 -value 0')
    expect(await replay(t, 'partition list')).toContain(' p1 ')
    await t.lines('hsm changePolicy -policy 7 -value 0', 'proceed')
    expect(await replay(t, 'partition list')).toContain('There are no partitions.')
    expect(appliance.ntlsView().clients[0]?.partitions).toEqual([])
  })

  it('partition create needs the SO logged in and respects the licence count', async () => {
    const { t, core } = await initialised()
    core.state.hsm.partitionsAllowed = 1
    expect(await replay(t, 'partition create -partition p2 -password partpass1 -domain d -f')).toContain(
      'LUNA_RET_LICENSE_CAPACITY_EXCEEDED',
    )
    await t.lines('hsm logout')
    core.state.hsm.partitionsAllowed = 5
    expect(await replay(t, 'partition create -partition p2 -password partpass1 -domain d -f')).toContain(
      "Error:  'partition create' failed. (300013 : LUNA_RET_SO_NOT_LOGGED_IN)",
    )
  })

  it('activation needs policy 22 and the partition password', async () => {
    const { t, core } = await initialised()
    expect(await replay(t, 'partition activate -partition p1', 'partpass1')).toContain(FAILURE)
    await t.lines('partition changePolicy -partition p1 -policy 22 -value 1')
    expect(await replay(t, 'partition activate -partition p1', 'bad-password')).toContain(
      'LUNA_RET_UM_PIN_INCORRECT',
    )
    expect(await replay(t, 'partition activate -partition p1', 'partpass1')).toContain(
      "'partition activate' successful.",
    )
    expect(core.state.partitions[0]?.activated).toBe(true)
    await t.lines('partition deactivate -partition p1')
    expect(core.state.partitions[0]?.activated).toBe(false)
  })

  it('PED-authenticated HSMs name the PED key colour', async () => {
    const { t, core } = await adminSession(5)
    core.state.hsm.authMethod = 'ped'
    await t.lines('hsm init -label pedhsm', 'proceed')
    expect(t.text).toContain('Luna PED operation required to initialize HSM - use gray and blue PED keys.')
    expect(await replay(t, 'hsm login')).toContain(
      'Luna PED operation required to login as HSM Administrator - use blue PED key.',
    )
    const created = await replay(t, 'par cr -partition luna_sa1_part1', 'proceed')
    expect(created).toContain('Luna PED operation required to create a partition - use black PED key.')
    expect(created).toContain("'partition create' successful.")
  })

  it('updates the firmware from an uploaded file', async () => {
    const { t, appliance, core } = await initialised()
    expect(await replay(t, 'hsm update show')).toContain('No firmware update is available.')
    appliance.writeFile('lunafw_update-6.24.0.fuf', Buffer.from('firmware'))
    expect(await replay(t, 'hsm update show')).toContain('6.24.0')
    await t.lines('hsm update firmware', 'proceed')
    expect(t.text).toContain('Update Result: 0 (Success)')
    expect(core.state.hsm.firmware).toBe('6.24.0')
    expect(await replay(t, 'hsm show')).toContain('Firmware:                           6.24.0')
  })
})

describe('clients and files', () => {
  it('registers a client from its uploaded certificate and refuses a second one on the same IP', async () => {
    const { t, appliance } = await adminSession()
    const pem = appliance.readFile('server.pem') ?? Buffer.alloc(0)
    appliance.writeFile('192.168.5.174.pem', pem)
    await t.lines('client register -client supreme -ip 192.168.5.174')
    expect(t.text).toContain("'client register' successful.")
    appliance.writeFile('other.pem', pem)
    const dup = await replay(t, 'client register -client other -ip 192.168.5.174')
    expect(dup).toContain('client with the same IP address has already been registered')
    expect(await replay(t, 'client list')).toContain('registered client 1: supreme\n')
    expect(await replay(t, 'client fingerprint -c supreme')).toMatch(
      /Certificate fingerprint: ([0-9A-F]{2}:){15}[0-9A-F]{2}/,
    )
    expect(await replay(t, 'client revokePartition -c supreme -p nothere')).toContain(
      'Specified partition was not assigned to client',
    )
    expect(await replay(t, 'my file list')).toMatch(/ server\.pem\n[\s\S]* 192\.168\.5\.174\.pem\n/)
    await t.lines('client delete -c supreme', 'proceed')
    expect(appliance.ntlsView().clients).toEqual([])
  })

  it('my file delete removes an uploaded file but never server.pem', async () => {
    const { t, appliance } = await adminSession()
    appliance.writeFile('x.pem', Buffer.from('x'))
    await t.lines('my file delete -file x.pem')
    expect(appliance.readFile('x.pem')).toBeUndefined()
    expect(await replay(t, 'my file delete -file server.pem')).toContain(FAILURE)
    expect(appliance.readFile('server.pem')?.toString()).toContain('BEGIN CERTIFICATE')
  })
})

describe('network', () => {
  it('changing the eth0 address prints the restart, then drops sessions on the old address', async () => {
    const { t, appliance } = await adminSession()
    const events: unknown[] = []
    let outputAtEvent = ''
    appliance.on('network-restart', (info) => {
      events.push(info)
      outputAtEvent = t.text
    })
    await t.lines(
      'network interface -device eth0 -ip 10.9.9.9 -netmask 255.255.255.0 -gateway 10.9.9.1',
      'proceed',
    )
    expect(events).toEqual([{ device: 'eth0', oldAddress: '127.0.0.1', newAddress: '10.9.9.9' }])
    expect(outputAtEvent).toMatch(/Restarting network service\.\.\.\n$/)
  })

  it('one-shot commands run without a prompt and fail where they would need one', async () => {
    const { appliance, core } = await makeAppliance()
    settleAdmin(core)
    const show = await appliance.runOneShot('admin', 'hsm show', '10.0.0.1')
    expect(show.exitCode).toBe(0)
    expect(show.output).toMatch(
      /^Luna SA 5\.4\.7-1 Command Line Shell[\s\S]*HSM Details:[\s\S]*\nCommand Result : 0 \(Success\)\n$/,
    )
    const before = appliance.readFile('server.pem')?.toString()
    const refused = await appliance.runOneShot('admin', 'sysconf regenCert', '10.0.0.1')
    expect(refused.exitCode).not.toBe(0)
    expect(appliance.readFile('server.pem')?.toString()).toBe(before)
    const forced = await appliance.runOneShot('admin', 'sysconf regenCert -force', '10.0.0.1')
    expect(forced.exitCode).toBe(0)
    expect(appliance.readFile('server.pem')?.toString()).not.toBe(before)
  })
})
