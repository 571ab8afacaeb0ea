import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type ApplianceHandle, type Simulator } from '../index'
import { expectSsh, firstLogin, OpenSshClient, removeDir, tempDir, type ExpectStep } from './openssh'
import { vtl } from './provision'

/**
 * The DONE test of issue 3: the HID ActivID procedure for a network HSM, walked against the simulator with
 * nothing but OpenSSH (expect over ssh for the interactive commands, one-shot ssh for the rest), `scp -O` and
 * the simulator's vtl.
 */

const ADMIN = 'Rack-side-2026'
const SO = 'S0-Passw0rd!'
const DOMAIN = 'Cl0ning-Domain'
const PARTITION = 'Part-Passw0rd1'
const NEW_ADDRESS = '127.0.0.7'
const PROMPT = '] lunash:>'
const OK = 'Command Result : 0 (Success)'

/** A command typed at the prompt, its prompts answered in order, and a successful Command Result. */
function command(line: string, answers: [question: string, answer: string][] = []): ExpectStep[] {
  return [
    { expect: PROMPT, send: line },
    ...answers.map(([question, answer]) => ({ expect: question, send: answer })),
    { expect: OK },
  ]
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('the HID ActivID network HSM procedure, end to end with OpenSSH, scp -O and vtl', () => {
  let sim: Simulator
  let hsm: ApplianceHandle
  let admin: OpenSshClient
  let work: string

  beforeAll(async () => {
    work = tempDir('rackside-procedure-')
    sim = await startSimulator({ era: 6 })
    hsm = sim.appliances[0]!
    admin = new OpenSshClient(hsm, 'PASSWORD')
  })

  afterAll(async () => {
    await sim?.stop()
    admin?.dispose()
    removeDir(work)
    removeDir(sim.clientRoot)
  })

  it('brings the appliance up and proves the trust link with vtl verify', async () => {
    const login = await firstLogin(admin, hsm.ssh.port, ADMIN)
    expect(login.code, login.stdout).toBe(0)

    // Procedure 1-4: time zone, hostname, domain, DNS, then the interface, which restarts networking and drops us.
    const network = await expectSsh(admin, hsm.ssh.port, ADMIN, [
      ...command('sysconf timezone set America/Toronto'),
      ...command('net hostname luna-sa1'),
      ...command('net domain cms.example.test'),
      ...command('net dns -nameserver 192.0.2.53'),
      {
        expect: PROMPT,
        send: `net interface -static -device eth0 -ip ${NEW_ADDRESS} -netmask 255.0.0.0 -gateway 127.0.0.1`,
      },
      { expect: "type 'proceed'", send: 'proceed' },
      { expect: 'Restarting network service' },
    ])
    expect(network.code, network.stdout).toBe(0)
    expect(network.stdout).toContain('[luna-sa1] lunash:>')
    // The listeners follow eth0 to its new loopback address; the old session is gone.
    await waitFor(
      () => hsm.ssh.host === NEW_ADDRESS && hsm.ntls.host === NEW_ADDRESS,
      'the listeners to move',
    )

    // Procedure 5-12 at the new address: NTP, server certificate, NTLS restart and bind, licences, HSM init,
    // partition, policies 22 and 23, activation.
    const hsmSetup = await expectSsh(admin, hsm.ssh.port, ADMIN, [
      ...command('sysconf ntp addserver 192.0.2.123'),
      ...command('sysconf regenCert', [["type 'proceed'", 'proceed']]),
      ...command('service restart ntls'),
      ...command('ntls bind eth0', [["type 'proceed'", 'proceed']]),
      ...command('ntls show'),
      ...command('hsm displayLicenses'),
      ...command('hsm init -label cmsHSM', [
        ['Please enter a password for the HSM Administrator:', SO],
        ['Please re-enter password to confirm:', SO],
        ['Please enter a cloning domain to use for initializing this HSM:', DOMAIN],
        ['Please re-enter cloning domain to confirm:', DOMAIN],
        ["Type 'proceed'", 'proceed'],
      ]),
      ...command('hsm login', [["Please enter the HSM Administrators' password:", SO]]),
      ...command('par cr -partition cms1', [
        ['Please enter a password for the partition:', PARTITION],
        ['Please re-enter password to confirm:', PARTITION],
        ['Please enter a cloning domain to use when creating this partition:', DOMAIN],
        ['Please re-enter cloning domain to confirm:', DOMAIN],
        ["Type 'proceed'", 'proceed'],
      ]),
      ...command('partition changePolicy -partition cms1 -policy 22 -value 1'),
      ...command('partition changePolicy -partition cms1 -policy 23 -value 1'),
      ...command('partition activate -partition cms1', [
        ['Please enter the password for the partition:', PARTITION],
      ]),
      { expect: PROMPT, send: 'exit' },
    ])
    expect(hsmSetup.code, hsmSetup.stdout).toBe(0)
    expect(hsmSetup.stdout).toContain("'hsm init' successful.")
    expect(hsmSetup.stdout).toContain("'partition create' successful.")
    expect(hsmSetup.stdout).not.toContain(SO)

    // Procedure 13: the client side. Pull server.pem, register the server, make the client certificate, push it.
    const serverPem = join(work, 'server.pem')
    const pull = await admin.scp(admin.remote('server.pem'), serverPem)
    expect(pull.code, pull.stderr).toBe(0)
    expect(readFileSync(serverPem, 'utf8')).toBe(hsm.appliance.ntlsView().serverCertificatePem)
    const added = await vtl(sim.vtlPath, ['addServer', '-n', NEW_ADDRESS, '-c', serverPem])
    expect(added.stdout).toBe(`\nNew server ${NEW_ADDRESS} successfully added to server list.\n`)
    const created = await vtl(sim.vtlPath, ['createCert', '-n', '127.0.0.1'])
    expect(created.code, created.stdout).toBe(0)
    const push = await admin.scp(join(sim.clientRoot, 'cert', 'client', '127.0.0.1.pem'), admin.remote(''))
    expect(push.code, push.stderr).toBe(0)

    // Procedure 14-16: register the client, assign the partition, verify on both sides.
    const register = await expectSsh(admin, hsm.ssh.port, ADMIN, [
      ...command('client register -client cms01 -ip 127.0.0.1'),
      ...command('client assignPartition -client cms01 -partition cms1'),
      ...command('client show -client cms01'),
      { expect: PROMPT, send: 'exit' },
    ])
    expect(register.code, register.stdout).toBe(0)
    expect(register.stdout).toContain('"cms1"')

    const verify = await vtl(sim.vtlPath, ['verify'])
    expect(verify.code, verify.stdout).toBe(0)
    const serial = hsm.appliance.ntlsView().clients[0]!.partitions[0]!.serial
    expect(verify.stdout).toBe(
      '\nThe following Luna SA Slots/Partitions were found:\n\n' +
        'Slot\tSerial #        \tLabel\n' +
        '====\t================\t=====\n' +
        `   0\t${serial.padStart(16)} \tcms1\n`,
    )
  }, 120_000)
})
