/**
 * The simulator prints, for every network, NTLS, client, NTP and service command that has a real output in the
 * corpus for an era, an output the app's parser reads into the same facts as that real output: the same fact
 * names (and element names of lists), though not the same values. Lives outside simulator/ because it reads the
 * app's parsers and corpus, which the simulator itself must never import.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runVtl } from '../../simulator/vtl/main'
import { vtlCorpusOf } from '../../shared/vtl/fixtures/real/corpus'
import { parseVtlAddServer, parseVtlCreateCert, parseVtlListServers } from '../../shared/vtl/parse'
import { generateServerCertificate } from '../../simulator/appliance/certs'
import { defaultPolicyValues, PARTITION_POLICIES } from '../../simulator/appliance/policies'
import type { Era } from '../../simulator/appliance/contract'
import type { ApplianceState } from '../../simulator/appliance/state'
import { makeAppliance, openSession, replay, settleAdmin } from '../../simulator/appliance/testkit'
import { corpusOf } from '../../shared/lunash/fixtures/real/corpus'
import type { ParseError, Result } from '../../shared/lunash/result'
import { parseClientFingerprint, parseClientList, parseClientShow } from '../../shared/lunash/parse/client'
import { parseNetworkRouteShow } from '../../shared/lunash/parse/network'
import { parseNtlsBind, parseNtlsIpcheck } from '../../shared/lunash/parse/ntls'
import { parseNtpAddServer, parseNtpListServers, parseNtpStatus } from '../../shared/lunash/parse/ntp'
import { parseServiceRestart, parseServiceStatus } from '../../shared/lunash/parse/service'
import { parseRegenCert } from '../../shared/lunash/parse/sysconf'
import { expectSuccess } from '../../shared/lunash/parse/success'
import { parseUserList } from '../../shared/lunash/parse/user'

type Parser = (text: string) => Result<unknown, ParseError>

/** What to type for each command (and the answers to its questions), and the parser that reads it. */
const COMMANDS: Record<string, { typed: string[]; parse: Parser }> = {
  'client-list': { typed: ['client list'], parse: parseClientList },
  'client-show': { typed: ['client show -client web01'], parse: parseClientShow },
  'client-fingerprint': { typed: ['client fingerprint -client web01'], parse: parseClientFingerprint },
  'client-register': {
    typed: ['client register -client web02 -hostname web02.example.com'],
    parse: expectSuccess('client register'),
  },
  'client-assignpartition': {
    typed: ['client assignPartition -client web01 -partition par2'],
    parse: expectSuccess('client assignPartition'),
  },
  'network-route-show': { typed: ['network route show'], parse: parseNetworkRouteShow },
  'service-status': { typed: ['service status ntp'], parse: parseServiceStatus },
  'service-restart': { typed: ['service restart ntp'], parse: parseServiceRestart },
  'sysconf-ntp-addserver': { typed: ['sysconf ntp addserver 192.0.2.123'], parse: parseNtpAddServer },
  'sysconf-ntp-listservers': { typed: ['sysconf ntp listservers'], parse: parseNtpListServers },
  'sysconf-ntp-status': { typed: ['sysconf ntp status'], parse: parseNtpStatus },
  'sysconf-regencert': { typed: ['sysconf regenCert', 'proceed'], parse: parseRegenCert },
  'user-list': { typed: ['user list'], parse: parseUserList },
  'ntls-bind': { typed: ['ntls bind eth0', 'quit'], parse: parseNtlsBind },
  'ntls-ipcheck': { typed: ['ntls ipcheck show'], parse: parseNtlsIpcheck },
}

/**
 * The names of a parser's facts: an object's keys (with the shape of each value, `other` and the unrecognised
 * lines aside), a list's element names. Values, list lengths and the contents of `other` may differ.
 */
function shape(value: unknown): string {
  if (Array.isArray(value)) {
    const elements = [...new Set(value.map(shape))].sort()
    return elements.length === 0 || elements.every((e) => !e.startsWith('{'))
      ? 'list'
      : `list${elements.join('|')}`
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value)
      .filter((k) => k !== 'unrecognised')
      .sort()
      .map((k) => (k === 'other' ? k : `${k}:${shape((value as Record<string, unknown>)[k])}`))
    return `{${keys.join(',')}}`
  }
  return typeof value
}

// Generated once: RSA key generation is what makes an appliance slow to build.
const now = new Date()
const web01Pem = generateServerCertificate('web01.example.com', now).certPem
const web02Pem = generateServerCertificate('web02.example.com', now).certPem

/** One appliance of the era with something to show: a partition assigned to a client, another one free. */
async function appliance(era: Era) {
  const { appliance, core } = await makeAppliance({ era, hostname: `sim-${era}` })
  settleAdmin(core)
  const state: ApplianceState = core.state
  for (const [name, serial] of [
    ['par1', '157541001'],
    ['par2', '157541002'],
  ] as const)
    state.partitions.push({
      name,
      serial,
      label: name,
      policies: defaultPolicyValues(PARTITION_POLICIES),
      activated: false,
      objects: 0,
    })
  state.clients.push({
    name: 'web01',
    hostname: 'web01.example.com',
    certificatePem: web01Pem,
    partitions: ['par1'],
  })
  state.files['web02.example.com.pem'] = {
    dataBase64: Buffer.from(web02Pem).toString('base64'),
    modifiedAt: now.getTime(),
  }
  state.network.routes.push({
    network: '10.0.106.0',
    netmask: '255.255.255.0',
    gateway: '127.0.0.254',
    device: 'eth0',
  })
  return openSession(appliance)
}

const ERAS: Era[] = [5, 6, 7]
/** Every command of this area that has corpus files (`client-delete`'s is a question, not an output). */
const AREA = [
  ...Object.keys(COMMANDS),
  'client-delete',
  'network-hostname',
  'network-domain',
  'network-dns',
  'network-interface',
  'network-ping',
  'ntls-show',
  'sysconf-timezone-set',
]
const pairs = ERAS.flatMap((era) =>
  Object.keys(COMMANDS)
    .map((command) => ({
      era,
      command,
      real: corpusOf(command).filter(
        (s) => s.era === era && s.kind !== 'prompt' && s.kind !== 'command-only',
      ),
    }))
    .filter((p) => p.real.length > 0),
)

describe('the simulator prints what the corpus shows, era by era', () => {
  it('covers every command of this area that has a real 5.x, 6.x or 7.x output', () => {
    const uncovered = AREA.filter(
      (c) => !(c in COMMANDS) && corpusOf(c).some((s) => ERAS.includes(s.era as Era) && s.kind !== 'prompt'),
    )
    expect(uncovered).toEqual([])
  })

  it.each(pairs.map((p) => [`${p.era}.x ${p.command}`, p] as const))(
    '%s',
    async (_name, { era, command, real }) => {
      const { typed, parse } = COMMANDS[command] as { typed: string[]; parse: Parser }
      const terminal = await appliance(era)
      const printed = await replay(terminal, ...typed)
      const simulated = parse(printed)
      if (!simulated.ok) throw new Error(`${simulated.error.message}\n${printed}`)
      const shapes = real
        .map((s) => parse(s.text))
        .filter((r) => r.ok)
        .map((r) => shape(r.value))
      expect(shapes.length).toBeGreaterThan(0)
      expect(shapes).toContain(shape(simulated.value))
    },
  )
})

describe('the simulator prints sysconf ntp status in the layout of the 5.x capture', () => {
  it('running, with the local clock and one server not reached yet: as S4, but for the clock reading', async () => {
    const real = corpusOf('sysconf-ntp-status').find((s) => s.era === 5 && s.variant === undefined)
    if (!real) throw new Error('no 5.x sysconf ntp status in the corpus')
    const { appliance, core } = await makeAppliance({ era: 5, hostname: 'hsm-2-1-2-6' })
    settleAdmin(core)
    core.state.ntp = { servers: ['127.127.1.0', '54.208.217.148'], running: true, enabled: true }
    const printed = await replay(await openSession(appliance), 'sysconf ntp status')
    // Only ntptime's reading of the clock differs; the date on the line is the simulator's now.
    const clock = (text: string): string =>
      text
        .split('\n')
        .map((l) => l.trimEnd())
        .map((l) => (/^ {2}time [0-9a-f]{8}\.[0-9a-f]{8} {2}/.test(l) ? '  time <clock>' : l))
        .join('\n')
    expect(clock(printed)).toBe(clock(real.text).trimEnd())
  })
})

describe('the simulator vtl prints what the vtl corpus shows', () => {
  // verify and haAdmin show need a simulated appliance's NTLS; electron/runner/ntl.simulator.test.ts reads those.
  // A Luna client folder laid out as the installer leaves it.
  const root = mkdtempSync(join(tmpdir(), 'rackside-vtl-corpus-'))
  for (const dir of ['cert/client', 'cert/server']) mkdirSync(join(root, dir), { recursive: true })
  const serverPem = join(root, 'server.pem')
  writeFileSync(serverPem, web01Pem)
  const vtl = async (...argv: string[]): Promise<string> => {
    let printed = ''
    await runVtl(argv, root, { print: (text) => void (printed += text) })
    return printed
  }
  it.each([
    ['createcert', ['createCert', '-n', 'client.example.com'], parseVtlCreateCert],
    ['addserver', ['addServer', '-n', 'hsm.example.com', '-c', serverPem], parseVtlAddServer],
    ['listservers', ['listServers'], parseVtlListServers],
  ] as const)('%s', async (command, argv, parse: Parser) => {
    const simulated = parse(await vtl(...argv))
    if (!simulated.ok) throw new Error(simulated.error.message)
    const shapes = vtlCorpusOf(command)
      .map((e) => parse(e.text))
      .filter((r) => r.ok)
      .map((r) => shape(r.value))
    expect(shapes.length).toBeGreaterThan(0)
    expect(shapes).toContain(shape(simulated.value))
  })
})
