/**
 * Every guided procedure the panels offer (shared/procedures), as the campaign runs it: the fields and
 * secrets an operator fills in, the appliance as the step finds it, and how to tell from the appliance's real
 * state whether a step reported done really is (for a read-only step: whether the facts it reported are true).
 */
import { hashPassword, verifyPassword } from '../../simulator/appliance/passwords'
import { defaultPolicyValues, HSM_POLICIES, PARTITION_POLICIES } from '../../simulator/appliance/policies'
import type { SecretId } from '../../shared/lunash/commands'
import type { ApplianceState } from './appliance'
import type { Rng } from './rng'

export const HSM_LABEL = 'campaign-hsm'
export const PARTITION = 'cms-p1'
export const CLIENT = 'cms-c1'
export const CLIENT_IP = '10.0.0.21'
/** A certificate uploaded for a client that is not registered yet. */
export const NEW_CLIENT_IP = '10.0.0.22'
export const ADMIN_PASSWORD = 'PASSWORD'

/** The secrets of one run, drawn fresh so a leak found later names the run it came from. */
export interface RunSecrets {
  so: string
  domain: string
  partition: string
  partitionNew: string
  adminNew: string
  partitionDomain: string
}

export function drawSecrets(rng: Rng): RunSecrets {
  // Long enough for every appliance rule (7+), three character classes, nothing a printer would print.
  const secret = (tag: string) => `${tag}${rng.word(9)}!${rng.int(10, 99)}`
  return {
    so: secret('So'),
    domain: secret('Dm'),
    partition: secret('Pp'),
    partitionNew: secret('Pn'),
    adminNew: secret('Ad'),
    partitionDomain: secret('Pd'),
  }
}

export const secretList = (s: RunSecrets): string[] => Object.values(s)

/** How the step finds the appliance: as the procedure needs it, or with a precondition missing (it fails). */
export interface Variant {
  failing: boolean
  /** A PED-authenticated HSM (the PED answers after pedDelayMs). */
  ped: boolean
}

export interface Scenario {
  fields: Record<string, string | number | boolean>
  /** What the operator typed into the panel's form. */
  secrets: Partial<Record<SecretId, string>>
  /** The appliance before the step (a copy of the base state to change). */
  setup(state: ApplianceState): void
  /**
   * Whether what a 'done' step claims is true of the appliance: its effect for a change, its facts for a read.
   * undefined: nothing to judge (a read whose facts are free text).
   */
  holds(after: ApplianceState, facts: unknown, before: ApplianceState): boolean | undefined
}

export interface Procedure {
  commandId: string
  /** How often it is drawn, relative to the others (the login-bearing steps more often). */
  weight: number
  /** It may run on a PED HSM. */
  ped?: true
  /** It has a variant whose precondition is missing (for the wrong-result fault). */
  canFail?: true
  /** An attended flow (first login): nothing is typed, so command faults do not apply. */
  attend?: true
  /** It checks an SO or partition password. */
  login?: true
  scenario(rng: Rng, secrets: RunSecrets, variant: Variant): Scenario
}

/** The appliance a bring-up has reached: named, HSM initialised, one partition, one client. */
export function baseState(factory: ApplianceState, secrets: RunSecrets): ApplianceState {
  const s = structuredClone(factory)
  const cert = s.ntls.certPem
  for (const user of s.users)
    if (user.name === 'admin') {
      user.passwordHash = hashPassword(ADMIN_PASSWORD)
      user.mustChangePassword = false
    }
  s.network.hostname = 'luna-sa-1'
  s.network.domain = 'example.com'
  s.network.dnsServers = ['10.0.0.53']
  s.time = { zone: 'UTC', offsetMs: 0 }
  s.ntp.servers = ['127.127.1.0', 'ntp1.example.com']
  s.ntls.bind = 'all'
  s.ntls.running = true
  s.ntls.ipcheck = true
  s.hsm = {
    ...s.hsm,
    label: HSM_LABEL,
    initialized: true,
    zeroized: false,
    authMethod: 'password',
    soPasswordHash: hashPassword(secrets.so),
    domainHash: hashPassword(secrets.domain),
    soLoggedIn: false,
    loginAttemptsLeft: 3,
    policies: defaultPolicyValues(HSM_POLICIES),
  }
  s.partitions = [
    {
      name: PARTITION,
      serial: `${s.serial}001`,
      label: PARTITION,
      passwordHash: hashPassword(secrets.partition),
      domainHash: hashPassword(secrets.partitionDomain),
      policies: { ...defaultPolicyValues(PARTITION_POLICIES), '22': 1 },
      activated: false,
      objects: 0,
    },
  ]
  s.nextPartitionSuffix = 2
  s.clients = [{ name: CLIENT, ip: CLIENT_IP, certificatePem: cert, partitions: [PARTITION] }]
  s.files = {
    [`${NEW_CLIENT_IP}.pem`]: { dataBase64: Buffer.from(cert).toString('base64'), modifiedAt: Date.now() },
  }
  return s
}

const soLoggedIn = (on: boolean) => (s: ApplianceState) => void (s.hsm.soLoggedIn = on)
const partitionOf = (s: ApplianceState, name = PARTITION) => s.partitions.find((p) => p.name === name)
const clientOf = (s: ApplianceState, name = CLIENT) => s.clients.find((c) => c.name === name)
const same = (a: readonly string[], b: readonly string[]) =>
  JSON.stringify([...a].sort()) === JSON.stringify([...b].sort())
/** A policy value as the appliance prints it (1, On, Allowed…) against the number it holds. */
const policyIs = (printed: string, value: number) =>
  printed === String(value) ||
  (value === 1 && /^(on|true|yes|allowed|enabled?)$/i.test(printed)) ||
  (value === 0 && /^(off|false|no|disallowed|disabled?)$/i.test(printed))
type Facts = Record<string, unknown>
const factsOf = (facts: unknown): Facts =>
  typeof facts === 'object' && facts !== null ? (facts as Facts) : {}

/** A read-only step: no fields, nothing to set up, its facts judged against the state. */
const read = (
  commandId: string,
  holds: Scenario['holds'] = () => undefined,
  extra: Partial<Procedure> = {},
): Procedure => ({
  commandId,
  weight: 1,
  ped: true,
  ...extra,
  scenario: () => ({ fields: {}, secrets: {}, setup: () => undefined, holds }),
})

/** A step that needs no secret and finds the appliance as the bring-up left it: its fields and what must hold. */
const step = (commandId: string, draw: (rng: Rng) => Pick<Scenario, 'fields' | 'holds'>): Procedure => ({
  commandId,
  weight: 1,
  scenario: (rng) => ({ secrets: {}, setup: () => undefined, ...draw(rng) }),
})

/** The appliance clock as `status date` would show it, in the appliance's zone: YYYYMMDD and minutes of the day. */
function applianceClock(s: ApplianceState): { date: string; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: s.time.zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(Date.now() + s.time.offsetMs))
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return {
    date: `${part('year')}${part('month')}${part('day')}`,
    minutes: Number(part('hour')) * 60 + Number(part('minute')),
  }
}

export const PROCEDURES: Procedure[] = [
  // First login: the appliance leads, Rackside answers from the form.
  {
    commandId: 'login.first-password-change',
    weight: 1,
    attend: true,
    scenario: (_rng, secrets) => ({
      fields: {},
      secrets: { 'appliance-current-password': ADMIN_PASSWORD, 'appliance-new-password': secrets.adminNew },
      setup: () => undefined,
      holds: (after) => {
        const admin = after.users.find((u) => u.name === 'admin')
        return !!admin && !admin.mustChangePassword && verifyPassword(secrets.adminNew, admin.passwordHash)
      },
    }),
  },
  // Time
  {
    commandId: 'sysconf.timezone.set',
    weight: 1,
    scenario: (rng) => {
      const zone = rng.pick(['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo'])
      return {
        fields: { zone },
        secrets: {},
        setup: (s) => void (s.time.zone = zone === 'UTC' ? 'Europe/Paris' : 'UTC'),
        holds: (after) => after.time.zone === zone,
      }
    },
  },
  step('sysconf.time', (rng) => {
    const at = new Date(Date.UTC(2027, rng.int(0, 11), rng.int(1, 28), rng.int(0, 23), rng.int(0, 59)))
    const time = `${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}`
    const date = at.toISOString().slice(0, 10).replace(/-/g, '')
    return {
      fields: { time, date },
      holds: (after) => {
        const now = applianceClock(after)
        const [h = 0, m = 0] = time.split(':').map(Number)
        return now.date === date && Math.abs(now.minutes - (h * 60 + m)) <= 5
      },
    }
  }),
  read('status.date', (after, facts) => {
    const f = factsOf(facts)
    const now = applianceClock(after)
    const shown = `${String(f.year ?? '')}${String(f.month ?? '').padStart(2, '0')}${String(f.day ?? '').padStart(2, '0')}`
    return shown === now.date
  }),
  read('status.zone', (after, facts) => factsOf(facts).zone === after.time.zone),
  // Hostname, domain, DNS, interface, ping
  step('network.hostname', (rng) => {
    const hostname = `luna-${rng.word(5).toLowerCase()}`
    return {
      fields: { hostname },
      holds: (after) => after.network.hostname === hostname,
    }
  }),
  step('network.domain', (rng) => {
    const domain = `${rng.word(6).toLowerCase()}.example.org`
    return {
      fields: { domain },
      holds: (after) => after.network.domain === domain,
    }
  }),
  step('network.dns.add-nameserver', (rng) => {
    const address = `10.${rng.int(1, 250)}.${rng.int(1, 250)}.53`
    return {
      fields: { address },
      holds: (after) => after.network.dnsServers.includes(address),
    }
  }),
  read('network.show', (after, facts) => {
    const f = factsOf(facts)
    return f.hostname === after.network.hostname
  }),
  // eth1: an eth0 change moves the listener the console runs over (the demo follows it; a reset could not).
  step('network.interface', (rng) => {
    const ip = `192.168.${rng.int(1, 250)}.${rng.int(2, 250)}`
    return {
      fields: { device: 'eth1', ip, netmask: '255.255.255.0', gateway: ip.replace(/\.\d+$/, '.1') },
      holds: (after) => after.network.interfaces.eth1?.address === ip,
    }
  }),
  step('network.ping', () => ({
    fields: { target: '127.0.0.1' },
    holds: () => undefined,
  })),
  read('network.route.show'),
  read('status.interface'),
  // NTP
  step('sysconf.ntp.addserver', (rng) => {
    const server = `ntp-${rng.word(4).toLowerCase()}.example.org`
    return {
      fields: { server },
      holds: (after) => after.ntp.servers.includes(server),
    }
  }),
  step('sysconf.ntp.deleteserver', () => ({
    fields: { server: 'ntp1.example.com' },
    holds: (after) => !after.ntp.servers.includes('ntp1.example.com'),
  })),
  read('sysconf.ntp.listservers', (after, facts) => {
    const servers = factsOf(facts).servers
    return Array.isArray(servers) && same(servers as string[], after.ntp.servers)
  }),
  read('sysconf.ntp.status', (after, facts) => factsOf(facts).running === after.ntp.running),
  // NTLS
  {
    commandId: 'sysconf.regencert',
    weight: 1,
    scenario: () => ({
      fields: {},
      secrets: { 'appliance-current-password': ADMIN_PASSWORD },
      setup: () => undefined,
      holds: (after, _facts, before) => after.ntls.certPem !== before.ntls.certPem,
    }),
  },
  step('ntls.bind', (rng) => {
    const device = rng.pick(['eth0', 'eth1'])
    return {
      fields: { device },
      holds: (after) => after.ntls.bind === device,
    }
  }),
  {
    commandId: 'service.restart',
    weight: 1,
    scenario: () => ({
      fields: { service: 'ntls' },
      secrets: {},
      setup: (s) => void (s.ntls.running = false),
      holds: (after) => after.ntls.running,
    }),
  },
  read('ntls.show', (after, facts) => {
    const f = factsOf(facts)
    return f.device === after.ntls.bind && f.running === after.ntls.running
  }),
  read('sysconf.fingerprint.ssh'),
  read('hsm.displayLicenses', (after, facts) => {
    const allowed = factsOf(facts).partitionsAllowed
    return allowed === undefined ? undefined : allowed === after.hsm.partitionsAllowed
  }),
  // HSM
  {
    commandId: 'hsm.init',
    weight: 3,
    ped: true,
    canFail: true,
    login: true,
    scenario: (rng, secrets, variant) => {
      const label = `hsm-${rng.word(6)}`
      return {
        fields: { label },
        secrets: variant.ped ? {} : { 'hsm-so-password': secrets.so, 'hsm-domain': secrets.domain },
        // Re-initialising a password HSM needs the SO logged in; without it the appliance refuses.
        setup: soLoggedIn(!variant.failing),
        holds: (after) =>
          after.hsm.label === label &&
          after.hsm.initialized &&
          (variant.ped || verifyPassword(secrets.so, after.hsm.soPasswordHash ?? '')),
      }
    },
  },
  {
    commandId: 'hsm.login',
    weight: 4,
    ped: true,
    canFail: true,
    login: true,
    scenario: (rng, secrets, variant) => {
      // Now and then the last attempt: the appliance asks for a typed confirmation first.
      const last = !variant.failing && rng.chance(0.2)
      return {
        fields: {},
        secrets: variant.ped ? {} : { 'hsm-so-password': secrets.so },
        setup: (s) => {
          if (last) s.hsm.loginAttemptsLeft = 1
          if (variant.failing) {
            s.hsm.initialized = false
            s.hsm.label = null
          }
        },
        holds: (after) => after.hsm.soLoggedIn,
      }
    },
  },
  {
    commandId: 'hsm.logout',
    weight: 1,
    scenario: () => ({
      fields: {},
      secrets: {},
      setup: soLoggedIn(true),
      holds: (after) => !after.hsm.soLoggedIn,
    }),
  },
  read('hsm.showPolicies', (after, facts) => {
    const policies = factsOf(facts).policies
    if (!Array.isArray(policies)) return false
    return HSM_POLICIES.every((def) => {
      const row = (policies as { code: number; value: string }[]).find((p) => p.code === def.code)
      return row !== undefined && policyIs(row.value, after.hsm.policies[String(def.code)] ?? -1)
    })
  }),
  {
    commandId: 'hsm.changePolicy',
    weight: 1,
    canFail: true,
    scenario: (rng, _secrets, variant) => {
      // Policy 16 (network replication) and 21 are not destructive; 7 (cloning) erases the partitions.
      const code = rng.pick([16, 21, 7])
      const value = rng.int(0, 1)
      return {
        fields: { code, value },
        secrets: {},
        setup: (s) => {
          soLoggedIn(!variant.failing)(s)
          s.hsm.policies[String(code)] = 1 - value
        },
        holds: (after) => after.hsm.policies[String(code)] === value,
      }
    },
  },
  read(
    'hsm.show',
    (after, facts) => {
      const f = factsOf(facts)
      const label = after.hsm.initialized ? after.hsm.label : null
      return (
        f.serial === after.serial &&
        (f.label ?? null) === label &&
        f.adminLoggedIn === after.hsm.soLoggedIn &&
        Array.isArray(f.partitions) &&
        f.partitions.length === after.partitions.length
      )
    },
    { weight: 3 },
  ),
  read('hsm.update.show'),
  {
    commandId: 'hsm.update.firmware',
    weight: 1,
    canFail: true,
    scenario: (rng, _secrets, variant) => {
      const expectedFirmware = `6.${rng.int(20, 40)}.${rng.int(0, 9)}`
      return {
        fields: { expectedFirmware },
        secrets: {},
        setup: (s) => {
          s.hsm.soLoggedIn = true
          if (!variant.failing)
            s.files[`lunafw_${expectedFirmware}.fuf`] = {
              dataBase64: Buffer.from(`Luna firmware ${expectedFirmware}\n`).toString('base64'),
              modifiedAt: Date.now(),
            }
        },
        holds: (after) => after.hsm.firmware === expectedFirmware,
      }
    },
  },
  // Partitions
  {
    commandId: 'partition.create',
    weight: 3,
    ped: true,
    canFail: true,
    scenario: (rng, secrets, variant) => {
      const partition = `cms-${rng.word(5).toLowerCase()}`
      return {
        fields: { partition },
        secrets: variant.ped
          ? {}
          : { 'partition-password': secrets.partitionNew, 'partition-domain': secrets.partitionDomain },
        setup: soLoggedIn(!variant.failing),
        holds: (after) => {
          const p = partitionOf(after, partition)
          return !!p && (variant.ped || verifyPassword(secrets.partitionNew, p.passwordHash ?? ''))
        },
      }
    },
  },
  {
    commandId: 'partition.changePolicy',
    weight: 1,
    canFail: true,
    scenario: (rng, _secrets, variant) => {
      const code = rng.pick([22, 23])
      const value = rng.int(0, 1)
      return {
        fields: { partition: PARTITION, code, value },
        secrets: {},
        setup: (s) => {
          soLoggedIn(!variant.failing)(s)
          const p = partitionOf(s)
          if (p) p.policies[String(code)] = 1 - value
        },
        holds: (after) => partitionOf(after)?.policies[String(code)] === value,
      }
    },
  },
  {
    commandId: 'partition.activate',
    weight: 3,
    canFail: true,
    login: true,
    scenario: (_rng, secrets, variant) => ({
      fields: { partition: PARTITION },
      secrets: { 'partition-password': secrets.partition },
      setup: (s) => {
        const p = partitionOf(s)
        // Without policy 22 the appliance refuses before it asks for the password.
        if (p && variant.failing) p.policies['22'] = 0
      },
      holds: (after) => partitionOf(after)?.activated === true,
    }),
  },
  {
    commandId: 'partition.deactivate',
    weight: 1,
    login: true,
    scenario: (_rng, secrets) => ({
      fields: { partition: PARTITION },
      secrets: { 'partition-password': secrets.partition },
      setup: (s) => {
        const p = partitionOf(s)
        if (p) p.activated = true
      },
      holds: (after) => partitionOf(after)?.activated === false,
    }),
  },
  {
    commandId: 'partition.changePw',
    weight: 3,
    login: true,
    scenario: (_rng, secrets) => ({
      // The challenge: the partition password clients present (a PED HSM could change its black key instead).
      fields: { partition: PARTITION, credential: 'challenge' },
      secrets: { 'partition-password': secrets.partition, 'partition-new-password': secrets.partitionNew },
      setup: () => undefined,
      holds: (after) => verifyPassword(secrets.partitionNew, partitionOf(after)?.passwordHash ?? ''),
    }),
  },
  read('partition.list', (after, facts) =>
    Array.isArray(facts)
      ? same(
          (facts as { name: string }[]).map((r) => r.name),
          after.partitions.map((p) => p.name),
        )
      : false,
  ),
  step('partition.show', () => ({
    fields: { partition: PARTITION },
    holds: (after, facts) => {
      const f = factsOf(facts)
      const p = partitionOf(after)
      return !!p && f.name === p.name && f.serial === p.serial
    },
  })),
  step('partition.showPolicies', () => ({
    fields: { partition: PARTITION },
    holds: (after, facts) => {
      const policies = factsOf(facts).policies
      const p = partitionOf(after)
      if (!Array.isArray(policies) || !p) return false
      const row = (policies as { code: number; value: string }[]).find((r) => r.code === 22)
      return row !== undefined && policyIs(row.value, p.policies['22'] ?? -1)
    },
  })),
  {
    commandId: 'partition.delete',
    weight: 1,
    canFail: true,
    scenario: (_rng, _secrets, variant) => ({
      fields: { partition: PARTITION },
      secrets: {},
      setup: soLoggedIn(!variant.failing),
      holds: (after) => partitionOf(after) === undefined,
    }),
  },
  // Clients
  read('my.file.list', (after, facts) => {
    const files = factsOf(facts).files
    if (!Array.isArray(files)) return false
    const names = (files as { name: string }[]).map((f) => f.name).filter((n) => n !== 'server.pem')
    return same(names, Object.keys(after.files))
  }),
  {
    commandId: 'client.register',
    weight: 1,
    canFail: true,
    scenario: (rng, _secrets, variant) => {
      const client = `cms-${rng.word(5).toLowerCase()}`
      return {
        fields: { client, address: NEW_CLIENT_IP },
        secrets: {},
        setup: (s) => {
          if (variant.failing) delete s.files[`${NEW_CLIENT_IP}.pem`]
        },
        holds: (after) => clientOf(after, client) !== undefined,
      }
    },
  },
  read('client.list', (after, facts) =>
    Array.isArray(facts)
      ? same(
          facts as string[],
          after.clients.map((c) => c.name),
        )
      : false,
  ),
  step('client.show', () => ({
    fields: { client: CLIENT },
    holds: (after, facts) => {
      const partitions = factsOf(facts).partitions
      const c = clientOf(after)
      return !!c && Array.isArray(partitions) && same(partitions as string[], c.partitions)
    },
  })),
  {
    commandId: 'client.assignPartition',
    weight: 1,
    canFail: true,
    scenario: (_rng, _secrets, variant) => ({
      fields: { client: CLIENT, partition: variant.failing ? 'cms-gone' : PARTITION },
      secrets: {},
      setup: (s) => {
        const c = clientOf(s)
        if (c) c.partitions = []
      },
      holds: (after) => clientOf(after)?.partitions.includes(PARTITION) === true,
    }),
  },
  step('client.revokePartition', () => ({
    fields: { client: CLIENT, partition: PARTITION },
    holds: (after) => clientOf(after)?.partitions.includes(PARTITION) === false,
  })),
  step('client.delete', () => ({
    fields: { client: CLIENT },
    holds: (after) => clientOf(after) === undefined,
  })),
]

/** A weighted draw among the procedures that fit. */
export function drawProcedure(rng: Rng, fits: (p: Procedure) => boolean): Procedure {
  const candidates = PROCEDURES.filter(fits)
  const total = candidates.reduce((sum, p) => sum + p.weight, 0)
  let at = rng.next() * total
  for (const p of candidates) {
    at -= p.weight
    if (at < 0) return p
  }
  return candidates.at(-1) as Procedure
}
