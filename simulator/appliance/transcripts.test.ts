/**
 * The reference transcripts (../../shared/reference/luna-lunash-vtl.md, [V] items) replayed through the shell.
 * Comparison is exact except for line-end whitespace; sources the reference marks as whitespace-collapsed are
 * compared with collapse().
 */
import { describe, expect, it } from 'vitest'
import { hashPassword } from './passwords'
import { defaultPolicyValues, PARTITION_POLICIES } from './policies'
import type { ApplianceState, PartitionState } from './state'
import { collapse, makeAppliance, openSession, replay, settleAdmin, trimLines } from './testkit'

function partition(state: ApplianceState, name: string, serial: string, objects = 0): PartitionState {
  const p: PartitionState = {
    name,
    serial,
    label: name,
    policies: defaultPolicyValues(PARTITION_POLICIES),
    activated: false,
    objects,
    passwordHash: hashPassword('partpass1'),
  }
  state.partitions.push(p)
  return p
}

function initialise(state: ApplianceState, label: string, soPassword = 'sopass123'): void {
  state.hsm.initialized = true
  state.hsm.label = label
  state.hsm.soPasswordHash = hashPassword(soPassword)
}

const dedent = (text: string): string => {
  const lines = text.replace(/^\n/, '').split('\n')
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)?.[0].length ?? 0))
  return lines.map((l) => l.slice(indent)).join('\n')
}

describe('reference transcripts', () => {
  it('5.1 serial first login with the forced password change (S10)', async () => {
    const { appliance, core } = await makeAppliance({ era: 5 })
    core.state.software = { version: '5.1.0-24', buildTime: '20111223 11:55', copyright: '2001-2011' }
    const admin = core.state.users[0]
    if (!admin) throw new Error('no admin')
    admin.lastLogin = { at: Date.UTC(2012, 0, 30, 11, 24, 0), from: '172.20.10.180' }
    const t = await openSession(appliance, { user: undefined, transport: 'serial', remoteAddress: 'ttyS0' })
    await t.lines('admin', 'PASSWORD', 'PASSWORD', 'Newpass!23', 'Newpass!23')
    // The doc prints `Command Result: 0` unspaced; the reference says real transcripts use the spaced form.
    const expected = dedent(`
      Luna SA 5.1.0-24 [Build Time: 20111223 11:55]

      Authorized Use Only

      [localhost] ttyS0 login: admin
      Password:
      You are required to change your password immediately (root enforced)
      Changing password for admin
      (current) UNIX password:

      You can now choose the new password.

      A valid password should be a mix of upper and lower case letters,
      digits, and other characters. You can use an 8 character long
      password with characters from at least 3 of these 4 classes.
      An upper case letter that begins the password and a digit that
      ends it do not count towards the number of character classes used.

      Enter new password:
      Re-type new password:

      Last login: Mon Jan 30 11:24:00 from 172.20.10.180

      Luna SA 5.1.0-24 Command Line Shell - Copyright (c) 2001-2011 SafeNet, Inc. All rights reserved.

      Command Result : 0 (Success)
      [local_host] lunash:>`)
    expect(trimLines(t.text)).toBe(`\n${expected}`)
  })

  it('hsm show on 5.3 (S4)', async () => {
    const { appliance, core } = await makeAppliance({ era: 5, hostname: 'hsm-2-1-2-6' })
    settleAdmin(core)
    core.state.software.version = '5.3.0-11'
    core.state.hsm.firmware = '6.10.1'
    initialise(core.state, 'patchLuna')
    partition(core.state, 'patchPart', '157541008')
    const t = await openSession(appliance)
    expect(trimLines(await replay(t, 'hsm show'))).toBe(
      dedent(`
        [hsm-2-1-2-6] lunash:>hsm show


           Appliance Details:
           ==================
           Software Version:                5.3.0-11

           HSM Details:
           ============
           HSM Label:                          patchLuna
           Serial #:                           157541
           Firmware:                           6.10.1
           Hardware Model:                     Luna K6
           Authentication Method:              Password
           HSM Admin login status:             Not Logged In
           HSM Admin login attempts left:      3 before HSM zeroization!
           RPV Initialized:                    No
           Audit Role Initialized:             No
           Remote Login Initialized:           No
           Manually Zeroized:                  No

           Partitions created on HSM:
           ==========================
           Partition: 157541008,     Name: patchPart

           FIPS 140-2 Operation:
           =====================
           The HSM is NOT in FIPS 140-2 approved operation mode.

           HSM Storage Information:
           ========================
           Maximum HSM Storage Space (Bytes):   2097152
           Space In Use (Bytes):                104857
           Free Space Left (Bytes):             1992295


        Command Result : 0 (Success)
        [hsm-2-1-2-6] lunash:>`),
    )
  })

  it('hsm init, hsm login and partition create on 6.2.2 (S5)', async () => {
    const { appliance, core } = await makeAppliance({ era: 6, serial: '534071', hostname: 'jpmongehsm2' })
    settleAdmin(core)
    const t = await openSession(appliance)
    expect(
      trimLines(
        await replay(t, 'hsm init -l jpmonge', 'sopass12', 'sopass12', 'domain12', 'domain12', 'proceed'),
      ),
    ).toBe(
      dedent(`
        [jpmongehsm2] lunash:>hsm init -l jpmonge

        Please enter a password for the HSM Administrator:
        > ********

        Please re-enter password to confirm:
        > ********

        Please enter a cloning domain to use for initializing this HSM:
        > ********

        Please re-enter cloning domain to confirm:
        > ********

        CAUTION:  Are you sure you wish to initialize this HSM?

        Type 'proceed' to initialize the HSM, or 'quit'
        to quit now.
        > proceed
        'hsm init' successful.

        Command Result : 0 (Success)
        [jpmongehsm2] lunash:>`),
    )
    expect(trimLines(await replay(t, 'hsm login', 'sopass12'))).toBe(
      dedent(`
        [jpmongehsm2] lunash:>hsm login

        Please enter the HSM Administrators' password:
        > ********

        'hsm login' successful.

        Command Result : 0 (Success)
        [jpmongehsm2] lunash:>`),
    )
    for (let i = 1; i <= 5; i++) partition(core.state, `partition${i}`, `53407100${i}`)
    expect(
      trimLines(
        await replay(
          t,
          'partition create -partition partition6',
          'partpass12',
          'partpass12',
          'domain12',
          'domain12',
          'proceed',
        ),
      ),
    ).toBe(
      dedent(`
        [jpmongehsm2] lunash:>partition create -partition partition6

        On completion, you will have this number of partitions: 6

        -label:  Not provided; using name for label.

        Please enter a password for the partition:
        > **********

        Please re-enter password to confirm:
        > **********

        Please enter a cloning domain to use when creating this partition:
        > ********

        Please re-enter cloning domain to confirm:
        > ********

        Type 'proceed' to create the initialized partition, or 'quit' to quit now.
        > proceed
        'partition create' successful.

        Command Result : 0 (Success)
        [jpmongehsm2] lunash:>`),
    )
  })

  it('partition show -p on 6.2.2 (S5)', async () => {
    const { appliance, core } = await makeAppliance({ era: 6, serial: '534071', hostname: 'jpmongehsm2' })
    settleAdmin(core)
    partition(core.state, 'partition6', '534071053')
    const t = await openSession(appliance)
    expect(trimLines(await replay(t, 'partition show -p partition6'))).toBe(
      dedent(`
        [jpmongehsm2] lunash:>partition show -p partition6

        Partition Name:                            partition6
        Partition SN:                              534071053
        Partition Label:                           partition6
        Partition Owner Locked Out:                no
        Partition Owner PIN To Be Changed:         no
        Partition Owner Login Attempts Left:       10 before Partition Owner is Locked Out
        Legacy Domain Has Been Set:                no
        Partition Storage Information (Bytes):     Total=207559, Used=0, Free=207559
        Partition Object Count:                    0

        Command Result : 0 (Success)
        [jpmongehsm2] lunash:>`),
    )
  })

  it('partition create without password prompts on 7.x (S13)', async () => {
    const { appliance, core } = await makeAppliance({ era: 7, hostname: 'cloudflare-hsm.softlayer.com' })
    settleAdmin(core)
    initialise(core.state, 'cf')
    core.state.hsm.soLoggedIn = true
    const t = await openSession(appliance)
    expect(trimLines(await replay(t, 'partition create -partition KeylessSSL', 'proceed'))).toBe(
      dedent(`
        [cloudflare-hsm.softlayer.com] lunash:>partition create -partition KeylessSSL

                  Type 'proceed' to create the partition, or
                  'quit' to quit now.
                  > proceed
        'partition create' successful.

        Command Result : 0 (Success)
        [cloudflare-hsm.softlayer.com] lunash:>`),
    )
  })

  it('partition list on 5.x (S4) and 7.x (S14)', async () => {
    const five = await makeAppliance({ era: 5, hostname: 'hsm-4-1-1-9' })
    settleAdmin(five.core)
    partition(five.core.state, 'testPar1', '157826004')
    partition(five.core.state, 'testPar2', '157826011', 2)
    const t5 = await openSession(five.appliance)
    expect(trimLines(await replay(t5, 'partition list'))).toBe(
      dedent(`
        [hsm-4-1-1-9] lunash:>partition list

                                                              Storage (bytes)
                                                        ----------------------------
         Partition    Name                     Objects     Total      Used      Free
         ===========================================================================
         157826004    testPar1                       0    102701         0    102701
         157826011    testPar2                       2    102701         0    102701


        Command Result : 0 (Success)
        [hsm-4-1-1-9] lunash:>`),
    )
    const seven = await makeAppliance({ era: 7, hostname: 'sehsm3' })
    settleAdmin(seven.core)
    partition(seven.core.state, 'sp_sehsm3', '1582775433934')
    const t7 = await openSession(seven.appliance)
    const out = trimLines(await replay(t7, 'par list'))
    expect(out).toContain(
      'Partition            Name                              Version      Objects  Total     Used     Free\n' +
        '===================  ================================  ===========  =======  =======  =======  =======\n' +
        '1582775433934        sp_sehsm3                         0                  0   648381        0   648381\n',
    )
  })

  it('hsm showPolicies and a destructive hsm changePolicy on 6.2.2 (S5)', async () => {
    const { appliance, core } = await makeAppliance({ era: 6, serial: '534071', hostname: 'jdoe1' })
    settleAdmin(core)
    initialise(core.state, 'jpmonge')
    core.state.hsm.soLoggedIn = true
    const t = await openSession(appliance)
    const policies = trimLines(await replay(t, 'hsm showpolicies'))
    expect(
      policies.startsWith(
        '[jdoe1] lunash:>hsm showpolicies\n\nHSM Label:   jpmonge\nSerial #:    534071\nFirmware:    6.10.9\n\n',
      ),
    ).toBe(true)
    // `[OUTPUT OMITTED]` in the source stands for the capabilities block; everything after it is verbatim.
    expect(policies.slice(policies.indexOf('The following policies are set'))).toBe(
      dedent(`
        The following policies are set due to current configuration of this HSM and cannot be altered directly by the user.

        Description                              Value
        ===========                              =====

        PIN-based authentication                  True

        The following policies describe the current configuration of this HSM and may be changed by the HSM Administrator.

        Changing policies marked "destructive" will zeroize (erase completely) the entire HSM.

        Description                             Value      Code      Destructive
        ===========                             =====      ====      ===========
        Allow masking                            On         6            Yes
        Allow cloning                            On         7            Yes
        Allow non-FIPS algorithms                On         12           Yes
        SO can reset partition PIN               On         15           Yes
        Allow network replication                On         16           No
        Allow Remote Authentication              On         20           Yes
        Force user PIN change after set/reset    Off        21           No
        Allow offboard storage                   On         22           Yes
        Allow Acceleration                       On         29           Yes

        Command Result : 0 (Success)
        [jdoe1] lunash:>`),
    )
    expect(trimLines(await replay(t, 'hsm changepolicy -policy 12 -value 0', 'proceed'))).toBe(
      dedent(`
        [jdoe1] lunash:>hsm changepolicy -policy 12 -value 0

        CAUTION: Are you sure you wish to change the destructive policy named:

        Allow non-FIPS algorithms

        Changing this policy will result in erasing all partitions on the HSM! (HSM Admin, Domain, and M of N (where applicable) will not be modified.

        Type 'proceed' to zeroize your HSM and change the policy, or 'quit' to quit now.

        > proceed

        'hsm changePolicy' successful.

        Policy Allow non-FIPS algorithms is now set to value: 0

        Command Result : 0 (Success)
        [jdoe1] lunash:>`),
    )
  })

  it('client show of an unknown client, client list, user list, service status (S4, S1)', async () => {
    const { appliance, core } = await makeAppliance({ era: 5, hostname: 'hsm-4-1-1-9' })
    settleAdmin(core)
    const monitor = core.state.users.find((u) => u.name === 'monitor')
    if (monitor) monitor.enabled = true
    const t = await openSession(appliance)
    expect(trimLines(await replay(t, 'client show -c client3'))).toBe(
      dedent(`
        [hsm-4-1-1-9] lunash:>client show -c client3


        Error:  'client show' failed. (C000040A : RC_OBJECT_NOT_IN_LIST)

        Error:  Specified client does not exist.


        Command Result : 65535 (Luna Shell execution)
        [hsm-4-1-1-9] lunash:>`),
    )
    expect(trimLines(await replay(t, 'user list'))).toBe(
      dedent(`
        [hsm-4-1-1-9] lunash:>user list

                           Users       Roles      Status      RADIUS
            --------------------    --------    --------    --------
                           admin       admin     enabled          no
                        operator    operator    disabled          no
                         monitor     monitor     enabled          no

        Command Result : 0 (Success)
        [hsm-4-1-1-9] lunash:>`),
    )
    core.state.ntp.running = true
    expect(trimLines(await replay(t, 'service status ntp'))).toBe(
      dedent(`
        [hsm-4-1-1-9] lunash:>service status ntp

           ntp is running


        Command Result : 0 (Success)
        [hsm-4-1-1-9] lunash:>`),
    )
    expect(trimLines(await replay(t, 'client fingerprint -c client1'))).toBe(
      dedent(`
        [hsm-4-1-1-9] lunash:>client fingerprint -c client1

        Error:  The client you specified does not exist.
                Use 'client list' to list all available clients.
        Error:  'client fingerprint' failed. (C000040A : RC_OBJECT_NOT_IN_LIST)


        Command Result : 65535 (Luna Shell execution)
        [hsm-4-1-1-9] lunash:>`),
    )
    expect(trimLines(await replay(t, 'client list'))).toContain('\nNo clients are registered.\n')
  })

  it('NTP listservers and addserver (S4, S1)', async () => {
    const { appliance, core } = await makeAppliance({ era: 5, hostname: 'hsm-2-1-2-6' })
    settleAdmin(core)
    core.state.ntp.servers.push('54.208.217.148')
    const t = await openSession(appliance)
    expect(trimLines(await replay(t, 'sysconf ntp li'))).toBe(
      dedent(`
        [hsm-2-1-2-6] lunash:>sysconf ntp li
        =================================================================
        NTP Servers:
        server 127.127.1.0
        server 54.208.217.148
        =================================================================

        Command Result : 0 (Success)
        [hsm-2-1-2-6] lunash:>`),
    )
    const added = await replay(t, 'sysconf ntp addserver 12.3.4.5')
    // The association rows of S1 are whitespace-collapsed; the rest is verbatim.
    expect(trimLines(added)).toContain(
      dedent(`
        NTP server 'server 12.3.4.5' added.
        WARNING !! Server '12.3.4.5' added without authentication.
        NTP is enabled
        Shutting down ntpd:                                        [  OK  ]
        Starting ntpd:                                             [  OK  ]
        Please wait to see the result ......

        NTP is running
        ===========================================================
        NTP Associations Status:

        ind assid status  conf reach auth condition  last_event cnt
        ===========================================================`),
    )
    expect(collapse(added)).toContain('1 14047 963a yes yes none sys.peer sys_peer 3')
    expect(trimLines(added)).toMatch(
      /===\nPlease look at the ntp log to see any potential problem\.\n\nCommand Result : 0 \(Success\)\n\[hsm-2-1-2-6\] lunash:>$/,
    )
  })

  it('network route show (S4)', async () => {
    const { appliance, core } = await makeAppliance({
      era: 5,
      hostname: 'hsm-2-1-2-6',
      eth0Address: '192.168.101.16',
    })
    settleAdmin(core)
    const net = core.state.network
    Object.assign(net.interfaces.eth0 ?? {}, { gateway: '192.168.101.1' })
    Object.assign(net.interfaces.eth1 ?? {}, { address: '172.16.106.5', netmask: '255.255.255.0' })
    net.routes.push({
      network: '10.0.106.0',
      netmask: '255.255.255.0',
      gateway: '172.16.106.1',
      device: 'eth1',
    })
    const t = await openSession(appliance)
    expect(trimLines(await replay(t, 'network route show'))).toBe(
      dedent(`
        [hsm-2-1-2-6] lunash:>network route show


        Manually configured routes
        10.0.106.0/24 via 172.16.106.1 metric 0 dev eth1

        Kernel IP routing table
        Destination     Gateway         Genmask         Flags Metric Ref    Use Iface
        192.168.101.0   0.0.0.0         255.255.255.0   U     0      0        0 eth0
        10.0.106.0      172.16.106.1    255.255.255.0   UG    0      0        0 eth1
        172.16.106.0    0.0.0.0         255.255.255.0   U     0      0        0 eth1
        0.0.0.0         192.168.101.1   0.0.0.0         UG    0      0        0 eth0


        Command Result : 0 (Success)
        [hsm-2-1-2-6] lunash:>`),
    )
  })

  it('sysconf regenCert on 5.x (S1)', async () => {
    const { appliance, core } = await makeAppliance({ era: 5, hostname: 'hsm-2-1-2-6' })
    settleAdmin(core)
    const t = await openSession(appliance)
    expect(trimLines(await replay(t, 'sysconf regenCert', 'proceed'))).toBe(
      dedent(`
        [hsm-2-1-2-6] lunash:>sysconf regenCert
        WARNING !!  This command will overwrite the current server certificate and private key.
        All clients will have to add this server again with this new certificate.
        If you are sure that you wish to proceed, then type 'proceed', otherwise type 'quit'
        > proceed
        Proceeding...
        'sysconf regenCert' successful. NTLS must be (re)started before clients can connect.
        Please use the 'ntls show' command to ensure that NTLS is bound to an appropriate network device or IP address/hostname
        for the network device(s) NTLS should be active on. Use 'ntls bind' to change this binding if necessary.

        Command Result : 0 (Success)
        [hsm-2-1-2-6] lunash:>`),
    )
  })

  it('ntls ipcheck disable / show (Azure, whitespace collapsed)', async () => {
    const { appliance, core } = await makeAppliance({ era: 6, hostname: 'hsm01' })
    settleAdmin(core)
    const t = await openSession(appliance)
    const out = await replay(t, 'ntls ipcheck disable', 'ntls ipcheck show')
    expect(collapse(out)).toBe(
      collapse(`
        [hsm01] lunash:>ntls ipcheck disable
        NTLS client source IP validation disabled
        Command Result : 0 (Success)

        [hsm01] lunash:>ntls ipcheck show
        NTLS client source IP validation : Disable
        Command Result : 0 (Success)
        [hsm01] lunash:>`),
    )
    expect(appliance.ntlsView().ipcheck).toBe(false)
  })

  it('user password on 7.0 (S11)', async () => {
    const { appliance, core } = await makeAppliance({ era: 7 })
    settleAdmin(core)
    core.state.users.push({ ...core.state.users[1]!, name: 'james', role: 'operator', enabled: true })
    const t = await openSession(appliance)
    const out = trimLines(await replay(t, 'user password james', 'Jam3s!pass', 'Jam3s!pass'))
    expect(out).toBe(
      dedent(`
        [local_host] lunash:>user password james

        Changing password for user james.

        You can now choose the new password.

        The password must be at least 8 characters long.
        The password must contain characters from at least 3 of the following 4 categories:
            - Uppercase letters (A through Z)
            - Lowercase letters (a through z)
            - Numbers (0 through 9)
            - Non-alphanumeric characters (such as !, $, #, %)

        New password:
        Retype new password:
        passwd: all authentication tokens updated successfully.


        Command Result : 0 (Success)
        [local_host] lunash:>`),
    )
    expect(appliance.authenticate('james', 'Jam3s!pass')).toEqual({
      ok: true,
      role: 'operator',
      mustChangePassword: false,
    })
  })

  it('the HID procedure, step by step (whitespace collapsed in the source)', async () => {
    const { appliance, core } = await makeAppliance({
      era: 5,
      hostname: 'cmslunasa',
      eth0Address: '127.0.0.1',
    })
    settleAdmin(core)
    const t = await openSession(appliance)
    const step = async (expected: string, ...lines: string[]): Promise<void> => {
      expect(collapse(await replay(t, ...lines))).toBe(collapse(expected))
    }
    await step(
      `[cmslunasa] lunash:>sysconf -timezone -set US/Eastern
       Timezone set to US/Eastern
       Command Result : 0 (Success)
       [cmslunasa] lunash:>`,
      'sysconf -timezone -set US/Eastern',
    )
    await step(
      `[cmslunasa] lunash:>net hostname ade_luna_sa
       Success: Hostname ade_luna_sa set.
       Command Result : 0 (Success)
       [ade_luna_sa] lunash:>`,
      'net hostname ade_luna_sa',
    )
    await step(
      `[ade_luna_sa] lunash:>net domain luna_sa.test.com
       Success: DomainName luna_sa.test.com set.
       Command Result : 0 (Success)
       [ade_luna_sa] lunash:>`,
      'net domain luna_sa.test.com',
    )
    await step(
      `[ade_luna_sa] lunash:>net -dns -nameserver 192.168.5.78
       Success: Nameserver 192.168.5.78 added
       Command Result : 0 (Success)
       [ade_luna_sa] lunash:>`,
      'net -dns -nameserver 192.168.5.78',
    )
    await step(
      `[ade_luna_sa] lunash:>net interface -static -device eth0 -ip 192.168.5.200 -netmask 255.255.255.0 -gateway 192.168.5.1
       If you are sure that you want to restart the network, then type 'proceed'; otherwise, type 'quit':
       > proceed
       Proceeding...
       Restarting network service...
       Shutting down loopback interface: [ OK ]
       Setting network parameters: [ OK ]
       Bringing up loopback interface: [ OK ]
       Bringing up interface eth0: [ OK ]
       Command Result: 0 (Success)
       [ade_luna_sa] lunash:>`,
      'net interface -static -device eth0 -ip 192.168.5.200 -netmask 255.255.255.0 -gateway 192.168.5.1',
      'proceed',
    )
    await step(
      `[ade_luna_sa] lunash:>service r ntls
       Checking for connected clients before stopping NTLS service:
       There are no connected clients. Proceeding...
       Stopping ntls: [ OK ]
       Starting ntls: [ OK ]
       Command Result: 0 (Success)
       [ade_luna_sa] lunash:>`.replace(/\[ OK \]/g, '[  OK  ]'),
      'service r ntls',
    )
    await step(
      `[ade_luna_sa] lunash:>ntls bind none -bind 192.168.5.200
       Success: NTLS binding hostname or IP Address 192.168.5.200 set.
       NOTICE: The NTLS service must be restarted for new settings to take effect.
       If you are sure that you wish to restart NTLS, then type 'proceed'; otherwise type 'quit':
       > proceed
       Proceeding...
       Restarting NTLS service...
       Stopping ntls: [  OK  ]
       Starting ntls: [  OK  ]
       Command Result: 0 (Success)
       [ade_luna_sa] lunash:>`,
      'ntls bind none -bind 192.168.5.200',
      'proceed',
    )
    initialise(core.state, 'luna_sa1')
    core.state.hsm.soLoggedIn = true
    partition(core.state, 'luna_sa1_part1', '157541001')
    await step(
      `[ade_luna_sa] lunash:>partition changePolicy -partition luna_sa1_part1 -policy 22 -value 1
       'partition changePolicy' successful.
       Policy "Allow activation" is now set to: 1
       Command Result : 0 (Success)
       [ade_luna_sa] lunash:>partition changePolicy -partition luna_sa1_part1 -policy 23 -value 1
       'partition changePolicy' successful.
       Policy "Allow auto-activation" is now set to: 1
       Notice: Auto activation parameters will be stored during next activation. It is recommended you activate this partition now.
       Command Result: 0 (Success)
       [ade_luna_sa] lunash:>`,
      'partition changePolicy -partition luna_sa1_part1 -policy 22 -value 1',
      'partition changePolicy -partition luna_sa1_part1 -policy 23 -value 1',
    )
  })

  it('the HID procedure on a PED HSM: init, partition create, activate, firmware update', async () => {
    const { appliance, core } = await makeAppliance({ era: 5, hostname: 'ade_luna_sa' })
    settleAdmin(core)
    core.state.hsm.authMethod = 'ped'
    initialise(core.state, 'old')
    const t = await openSession(appliance)
    expect(collapse(await replay(t, 'hsm init -label ade_luna_sa', 'proceed'))).toBe(
      collapse(`
        [ade_luna_sa] lunash:>hsm init -label ade_luna_sa
        CAUTION: Are you sure you wish to re-initialize this HSM? All partitions and data will be erased.
        Type 'proceed' to initialize the HSM, or 'quit' to quit now.
        > proceed
        Luna PED operation required to initialize HSM - use gray and blue PED keys.
        Luna PED operation required to login as HSM Administrator - use blue PED key.
        Luna PED operation required to generate cloning domain - use red PED key.
        'hsm init' successful.
        Please wait while the HSM is reset to complete the initialization process.
        Command Result: 0 (Success)
        [ade_luna_sa] lunash:>`),
    )
    await t.lines('hsm login')
    const created = await replay(t, 'par cr -partition luna_sa1_part1', 'proceed')
    // The simulator shows what the PED screen would (a stand-in for the device); the rest is the procedure's text.
    const challenge = /\(Luna PED displays the partition password: (\S+)\)\n/.exec(created)
    expect(challenge?.[1]).toMatch(/^[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}$/)
    expect(collapse(created.replace(challenge?.[0] ?? '', ''))).toBe(
      collapse(`
        [ade_luna_sa] lunash:>par cr -partition luna_sa1_part1
        Please ensure that you have purchased licenses for at least this number of partitions: 1
        If you have purchased licenses for at least this number of partitions then type 'proceed'; otherwise type 'quit':
        > proceed
        Proceeding...
        Please ensure that you copy the password from the Luna PED and that you keep it in a safe place.
        Luna PED operation required to create a partition - use black PED key.
        'partition create' successful.
        Command Result: 0 (Success)
        [ade_luna_sa] lunash:>`),
    )
    await t.lines('partition changePolicy -partition luna_sa1_part1 -policy 22 -value 1')
    // The procedure drops the final period of "'partition activate' successful." as it does for other commands.
    expect(
      collapse(await replay(t, 'partition activate -partition luna_sa1_part1', challenge?.[1] ?? '')),
    ).toBe(
      collapse(`
        [ade_luna_sa] lunash:>partition activate -partition luna_sa1_part1
        Please enter the password for the partition:
        > *******************
        Luna PED operation required to activate partition - use black PED key.
        'partition activate' successful.
        Command Result: 0 (Success)
        [ade_luna_sa] lunash:>`),
    )
    appliance.writeFile('fw-6.24.1.fuf', Buffer.from('firmware image'))
    // The procedure's sample drops the `> ` before the typed answer.
    expect(collapse(await replay(t, 'hsm update firmware', 'proceed'))).toBe(
      collapse(`
        [ade_luna_sa] lunash:>hsm update firmware
        CAUTION: This command updates the HSM firmware. This process cannot be reversed.
        Any connected clients will have their connections closed.
        All clients should disconnect and the NTLS should be stopped before
        proceeding.
        Type 'proceed' to continue, or type 'quit' to quit now.
        > proceed
        Update Result: 0 (Success)
        Command Result: 0 (Success)
        [ade_luna_sa] lunash:>`),
    )
    expect(collapse(await replay(t, 'hsm show'))).toContain('Authentication Method: PED keys')
  })

  it('client register, assignPartition and show (S5, S4 5.3, S14 7.8)', async () => {
    for (const era of [5, 7] as const) {
      const { appliance, core } = await makeAppliance({ era, hostname: 'jpmongehsm2' })
      settleAdmin(core)
      partition(core.state, 'clientPar1', '157541001')
      partition(core.state, 'clientPar2', '157541002')
      appliance.writeFile('client1.pem', appliance.readFile('server.pem') ?? Buffer.alloc(0))
      const t = await openSession(appliance)
      expect(trimLines(await replay(t, 'client register -client client1 -hostname client1'))).toBe(
        dedent(`
          [jpmongehsm2] lunash:>client register -client client1 -hostname client1

          'client register' successful.

          Command Result : 0 (Success)
          [jpmongehsm2] lunash:>`),
      )
      expect(trimLines(await replay(t, 'client show -c client1'))).toContain(
        era === 5
          ? 'Partitions:   <none>\n'
          : 'ClientID:     client1\nHostname:     client1\nPartitions:   <none>\n',
      )
      expect(trimLines(await replay(t, 'client assignPartition -client client1 -partition clientPar1'))).toBe(
        dedent(`
          [jpmongehsm2] lunash:>client assignPartition -client client1 -partition clientPar1

          'client assignPartition' successful.

          Command Result : 0 (Success)
          [jpmongehsm2] lunash:>`),
      )
      // `client assign` is accepted and still reports the full name (S14).
      expect(await replay(t, 'client assign -c client1 -p clientPar2')).toContain(
        "'client assignPartition' successful.",
      )
      expect(await replay(t, 'client assign -c client1 -p clientPar2')).toContain('client already has access')
      const shown = trimLines(await replay(t, 'client show -c client1'))
      expect(shown).toContain(
        era === 5
          ? 'ClientID:     client1\nHostname:     client1\nHTL Required: no\nOTT Expiry:   n/a\nPartitions:   "clientPar1", "clientPar2"\n'
          : 'ClientID:     client1\nHostname:     client1\nPartitions:   "clientPar1", "clientPar2"\n',
      )
      expect(trimLines(await replay(t, 'client list'))).toBe(
        dedent(`
          [jpmongehsm2] lunash:>client list

          registered client 1: client1


          Command Result : 0 (Success)
          [jpmongehsm2] lunash:>`),
      )
    }
  })

  it('user enable and disable (7.3, S11)', async () => {
    const { appliance, core } = await makeAppliance({ era: 7 })
    settleAdmin(core)
    const t = await openSession(appliance)
    expect(trimLines(await replay(t, 'user enable -userName monitor'))).toContain(
      'monitor was enabled successfully.\n\nCommand Result : 0 (Success)',
    )
    expect(trimLines(await replay(t, 'user disable -username monitor'))).toContain(
      'monitor was disabled successfully.\n\nCommand Result : 0 (Success)',
    )
  })

  it('NTP deleteserver and ntls bind on 7.x (S1, S11)', async () => {
    const { appliance, core } = await makeAppliance({ era: 7, hostname: 'hsm7' })
    settleAdmin(core)
    core.state.ntp.servers.push('12.3.4.5')
    const t = await openSession(appliance)
    expect(await replay(t, 'sysconf ntp deleteserver 12.3.4.5')).toMatch(
      /lunash:>sysconf ntp deleteserver 12\.3\.4\.5\nNTP server 12\.3\.4\.5 deleted\nNTP is enabled\nShutting down ntpd: +\[ {2}OK {2}\]\n/,
    )
    const bound = await replay(t, 'ntls bind eth0')
    expect(bound).toMatch(
      /^\[hsm7\] lunash:>ntls bind eth0\nNTLS binding set to network device eth0\.\nYou must restart the NTLS service for the /,
    )
    expect(appliance.ntlsView().bind).toBe('eth0')
  })

  it('hsm show of a zeroized 5.1 HSM (S4 variant)', async () => {
    const { appliance, core } = await makeAppliance({ era: 5 })
    settleAdmin(core)
    core.state.software.version = '5.1.0-25'
    core.state.hsm.zeroized = true
    const out = trimLines(await replay(await openSession(appliance), 'hsm show'))
    expect(out).toContain('   HSM Label:                          no label\n')
    expect(out).toContain('   HSM Admin login attempts left:      HSM IS ZEROIZED !!!!\n')
    expect(out).toContain(
      '   RPV Initialized:                    No\n   Manually Zeroized:                  No\n',
    )
    expect(out).toContain('   ==========================\n   There are no partitions.\n')
  })
})
