/**
 * `--era 4`: Luna SA 3.x/4.x as the HID guide (reference/hid-activid-configuring-network-hsms.txt) shows it. Each
 * sample of the guide is replayed and compared with its spacing collapsed (the guide's rendering collapsed it).
 */
import { describe, expect, it } from 'vitest'
import { makeAppliance, openSession, replay, settleAdmin, type TestTerminal } from './testkit'

/** Runs of spaces become one, blank lines go: the guide's rendering. The result line keeps its spelling. */
const squeeze = (text: string): string =>
  text
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').trim())
    .filter((l) => l !== '')
    .join('\n')

async function era4(hsmAuthentication: 'ped' | 'password' = 'ped') {
  const h = await makeAppliance({ era: 4, serial: '902514', hsmAuthentication })
  settleAdmin(h.core)
  const t = await openSession(h.appliance)
  return { ...h, t }
}

async function seen(t: TestTerminal, ...lines: string[]): Promise<string> {
  return squeeze(await replay(t, ...lines))
}

describe('a 3.x/4.x appliance speaks as the HID guide shows', () => {
  it('logs in with the 4.x factory password and prints the 4.x result line', async () => {
    const { appliance } = await makeAppliance({ era: 4 })
    expect(appliance.authenticate('admin', 'chrysalis')).toMatchObject({ ok: true, mustChangePassword: true })
    expect(appliance.authenticate('admin', 'PASSWORD')).toEqual({ ok: false })
    const { t } = await era4()
    expect(t.text).toContain('Luna SA 3.3.0-5 Command Line Shell')
    expect(t.text).toContain('\nCommand Result: 0 (Success)\n')
    expect(t.text).not.toContain('Command Result : ')
  })

  it('sets the time zone, hostname, domain and name server with the guide’s syntax', async () => {
    const { t } = await era4()
    expect(await seen(t, 'sysconf -timezone -set US/Eastern')).toBe(
      '[local_host] lunash:>sysconf -timezone -set US/Eastern\nTimezone set to US/Eastern\nCommand Result: 0 (Success)\n[local_host] lunash:>',
    )
    expect(await seen(t, 'net hostname ade-luna-sa')).toBe(
      '[local_host] lunash:>net hostname ade-luna-sa\nSuccess: Hostname ade-luna-sa set.\nCommand Result: 0 (Success)\n[ade-luna-sa] lunash:>',
    )
    expect(await seen(t, 'net domain luna-sa.test.com')).toContain(
      'Success: DomainName luna-sa.test.com set.',
    )
    expect(await seen(t, 'net -dns -nameserver 192.168.5.78')).toContain(
      'Success: Nameserver 192.168.5.78 added\nCommand Result: 0 (Success)',
    )
  })

  it('knows `net`, not 5.x’s `network`', async () => {
    const { t } = await era4()
    expect(await seen(t, 'network hostname hsm1')).toContain('Command Result: 65535')
    expect(await seen(t, 'net show')).toContain('Command Result: 0 (Success)')
  })

  it('adds an NTP server the 4.x way', async () => {
    const { t } = await era4()
    expect(await seen(t, 'sysconf ntp -addserver 192.168.5.200')).toBe(
      '[local_host] lunash:>sysconf ntp -addserver 192.168.5.200\nShutting down ntpd: [ OK ]\nStarting ntpd: [ OK ]\nNTP server 192.168.5.200 added\nCommand Result: 0 (Success)\n[local_host] lunash:>',
    )
  })

  it('regenerates the certificate for the address it is given, binds NTLS to the address and shows it', async () => {
    const { t, core } = await era4()
    const regen = await seen(t, 'sysconf regencert 127.0.0.1', 'proceed')
    expect(regen).toContain(
      "WARNING!! This command will overwrite the current server certificate and private key.\nAll clients will have to add this server again with this new certificate.\nIf you are sure that you wish to proceed, then type 'proceed'; otherwise type 'quit':\n> proceed\nProceeding...\n'sysconf regenCert' successful. NTLS must be (re)started before clients can connect.\nPlease use the 'ntls show' command to ensure that NTLS is bound to an appropriate network device or IP address/hostname for the network device(s) NTLS should be active on. Use 'ntls bind' to change this binding if necessary.\nCommand Result: 0 (Success)",
    )
    const { X509Certificate } = await import('node:crypto')
    expect(new X509Certificate(core.state.ntls.certPem).subject).toContain('CN=127.0.0.1')
    const bind = await seen(t, 'ntls bind none -bind 127.0.0.1', 'proceed')
    expect(bind).toContain(
      "Success: NTLS binding hostname or IP Address 127.0.0.1 set.\nNOTICE: The NTLS service must be restarted for new settings to take effect.\nIf you are sure that you wish to restart NTLS, then type 'proceed'; otherwise type 'quit':\n> proceed\nProceeding...\nRestarting NTLS service...\nStopping ntls: [ OK ]\nStarting ntls: [ OK ]\nCommand Result: 0 (Success)",
    )
    expect(await seen(t, 'ntls show')).toBe(
      '[local_host] lunash:>ntls show\nNTLS bound to network device: none IP Address: "127.0.0.1" (eth0)\nCommand Result: 0 (Success)\n[local_host] lunash:>',
    )
  })

  it('shows the HSM and its policies in the 4.x layout', async () => {
    const { t } = await era4()
    const show = await seen(t, 'hsm show')
    expect(show).toContain(
      'Appliance Details:\n==================\nSoftware Version: 3.3.0-5\nHSM Details:\n============\nHSM Label: no label\nSerial #: 902514\nFirmware: 4.5.3\nHardware Model: Luna K3\nAuthentication Method: PED keys\nHSM Admin login status: Not Logged In\nHSM Admin login attempts left: 3 before HSM zeroization!\nMofN activation status: M of N not used\nPartitions created on HSM:\n==========================\nThere are no partitions.\nFIPS 140-2 Operation:\n==========================\nThe HSM is NOT in FIPS 140-2 approved operation mode.',
    )
    const policies = await seen(t, 'hsm -showPolicies')
    expect(policies).toContain('Enable Korean Algorithms Allowed')
    expect(policies).toContain(
      'The following policies describe the current configuration of this HSM and maybe changed by the HSM Administrator. Changing policies marked "destructive" will zeroize (erase completely) the entire HSM.',
    )
    expect(policies).toContain('Allow M of N auto-activation On 13 No\n')
    expect(policies).not.toContain('network replication On')
  })

  it('initialises a PED HSM, creates and lists a partition, registers and shows a client by IP', async () => {
    const { t, core } = await era4()
    await t.lines('hsm init -label ade_luna_sa', 'proceed', 'hsm login')
    const created = await seen(t, 'partition create -partition ade_partition', 'proceed')
    expect(created).toContain(
      "Please ensure that you have purchased licenses for at least this number of partitions: 1\nIf you have purchased licenses for at least this number of partitions then type 'proceed'; otherwise type 'quit':\n> proceed\nProceeding...",
    )
    expect(await seen(t, 'partition list')).toBe(
      '[local_host] lunash:>partition list\nPartition: 902514001, Name: ade_partition.\nCommand Result: 0 (Success)\n[local_host] lunash:>',
    )
    core.writeFile('192.168.5.174.pem', Buffer.from(core.state.ntls.certPem))
    expect(await seen(t, 'client -register -client supreme -ip 192.168.5.174')).toContain(
      "'client register' successful\nCommand Result: 0 (Success)",
    )
    expect(await seen(t, 'client -list')).toContain('Registered client 1: supreme\n')
    await t.lines('client assignPartition -client supreme -partition ade_partition')
    expect(await seen(t, 'client -show -client supreme')).toContain(
      'Client ID: supreme\nIPAddress: 192.168.5.174\nPartitions: "ade_partition"\nCommand Result: 0 (Success)',
    )
  })

  it('activates a partition with the guide’s success line', async () => {
    const { t } = await era4()
    await t.lines(
      'hsm init -label ade_luna_sa',
      'proceed',
      'hsm login',
      'partition create -p par1',
      'proceed',
    )
    await t.lines('partition changePolicy -partition par1 -policy 22 -value 1')
    const text = t.text
    const challenge = /displays the partition password: (\S+)\)/.exec(text)?.[1] ?? ''
    const activated = await seen(t, 'partition activate -partition par1', challenge)
    expect(activated).toContain(
      "Luna PED operation required to activate partition - use black PED key.\n'partition activate' successful\nCommand Result: 0 (Success)",
    )
  })
})
