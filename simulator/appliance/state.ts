import type { Era, Role } from './contract'
import { ERA_PROFILES } from './eras'
import { generateServerCertificate, generateSshHostKey } from './certs'
import { hashPassword } from './passwords'
import { defaultPolicyValues, hsmPolicies } from './policies'

export interface InterfaceState {
  address: string
  netmask: string
  gateway: string
  mac: string
}

export interface RouteState {
  network: string
  netmask: string
  gateway: string
  device: string
}

export interface UserState {
  name: string
  role: Role
  enabled: boolean
  passwordHash: string
  mustChangePassword: boolean
  lastLogin?: { at: number; from: string; serial?: boolean }
}

export interface PartitionState {
  name: string
  serial: string
  label: string
  /** Partition Owner password (5.x/6.x); undefined on 7.x until initialised from lunacm. */
  passwordHash?: string
  domainHash?: string
  /** PED-authenticated partitions: the challenge the PED displayed at creation. */
  pedChallengeHash?: string
  policies: Record<string, number>
  activated: boolean
  objects: number
}

export interface ClientState {
  name: string
  hostname?: string
  ip?: string
  certificatePem: string
  partitions: string[]
}

/** An admin SSH public key (`sysconf ssh publickey add <label> -f <file>`). */
export interface SshPublicKeyState {
  label: string
  /** The OpenSSH public key line as uploaded: `<type> <base64> [comment]`. */
  key: string
  addedAt: number
}

export interface SshState {
  /** `sysconf ssh publickey enable|disable`. */
  publicKeyAuth: boolean
  publicKeys: SshPublicKeyState[]
}

export interface FileState {
  dataBase64: string
  modifiedAt: number
}

export interface ApplianceState {
  version: 1
  serial: string
  era: Era
  software: { version: string; buildTime: string; copyright: string }
  network: {
    hostname: string | null
    domain: string | null
    dnsServers: string[]
    dnsSearch: string[]
    interfaces: Record<string, InterfaceState>
    routes: RouteState[]
  }
  time: { zone: string; offsetMs: number }
  ntp: { servers: string[]; running: boolean; enabled: boolean }
  ntls: {
    certPem: string
    keyPem: string
    /** What the running NTLS service serves: the certificate loaded when it last started. */
    activeCertPem: string
    activeKeyPem: string
    bind: string
    /** `ntls bind none -bind <address>`: the address NTLS was bound to (`bind` is then its interface). */
    bindAddress?: string
    ipcheck: boolean
    running: boolean
  }
  sshHostKey: string
  /** Public-key login. State files saved before it existed lack it; ApplianceCore.create fills in the default. */
  ssh: SshState
  hsm: {
    label: string | null
    initialized: boolean
    zeroized: boolean
    authMethod: 'password' | 'ped'
    soPasswordHash?: string
    domainHash?: string
    soLoggedIn: boolean
    loginAttemptsLeft: number
    policies: Record<string, number>
    partitionsAllowed: number
    firmware: string
    fips: boolean
  }
  partitions: PartitionState[]
  nextPartitionSuffix: number
  clients: ClientState[]
  files: Record<string, FileState>
  users: UserState[]
}

export interface InitialStateOptions {
  serial: string
  era: Era
  hostname?: string
  eth0Address: string
  now: Date
}

export const SO_LOGIN_ATTEMPTS = 3

export function createInitialState(options: InitialStateOptions): ApplianceState {
  const profile = ERA_PROFILES[options.era]
  const hostname = options.hostname ?? null
  const cert = generateServerCertificate(hostname ?? 'local_host', options.now)
  const macBase = options.serial.padStart(6, '0').slice(-6)
  const mac = (n: number): string =>
    `00:15:B2:${macBase.slice(0, 2)}:${macBase.slice(2, 4)}:${(parseInt(macBase.slice(4, 6), 16) + n).toString(16).padStart(2, '0').slice(-2)}`.toUpperCase()
  const factoryUser = (name: string, role: Role, enabled: boolean): UserState => ({
    name,
    role,
    enabled,
    passwordHash: hashPassword(profile.factoryPassword),
    mustChangePassword: true,
  })
  return {
    version: 1,
    serial: options.serial,
    era: options.era,
    software: {
      version: profile.softwareVersion,
      buildTime: profile.buildTime,
      copyright: profile.copyright,
    },
    network: {
      hostname,
      domain: null,
      dnsServers: [],
      dnsSearch: [],
      interfaces: {
        eth0: { address: options.eth0Address, netmask: '255.255.255.0', gateway: '', mac: mac(0) },
        eth1: { address: '', netmask: '', gateway: '', mac: mac(1) },
      },
      routes: [],
    },
    time: { zone: 'UTC', offsetMs: 0 },
    ntp: { servers: ['127.127.1.0'], running: false, enabled: false },
    ntls: {
      certPem: cert.certPem,
      keyPem: cert.keyPem,
      activeCertPem: cert.certPem,
      activeKeyPem: cert.keyPem,
      bind: 'all',
      ipcheck: true,
      running: true,
    },
    sshHostKey: generateSshHostKey(),
    ssh: defaultSshState(),
    hsm: {
      label: null,
      initialized: false,
      zeroized: false,
      authMethod: 'password',
      soLoggedIn: false,
      loginAttemptsLeft: SO_LOGIN_ATTEMPTS,
      policies: defaultPolicyValues(hsmPolicies(options.era)),
      partitionsAllowed: profile.defaultPartitionsAllowed,
      firmware: profile.firmware,
      fips: false,
    },
    partitions: [],
    nextPartitionSuffix: 1,
    clients: [],
    files: {},
    users: [
      factoryUser('admin', 'admin', true),
      factoryUser('operator', 'operator', false),
      factoryUser('monitor', 'monitor', false),
    ],
  }
}

/**
 * Password logins only, until an admin adds a key and enables public-key login.
 * unverified: NOT FOUND in reference (the factory default of `sysconf ssh publickey`).
 */
export function defaultSshState(): SshState {
  return { publicKeyAuth: false, publicKeys: [] }
}

export function promptHostname(state: ApplianceState): string {
  return state.network.hostname ?? 'local_host'
}

export function findPartition(state: ApplianceState, name: string): PartitionState | undefined {
  return state.partitions.find((p) => p.name === name)
}

export function findClient(state: ApplianceState, name: string): ClientState | undefined {
  return state.clients.find((c) => c.name === name)
}

/** Erase every partition and every client's access to them (zeroization, destructive policy change). */
export function erasePartitions(state: ApplianceState): void {
  state.partitions = []
  for (const client of state.clients) client.partitions = []
}

/** What `hsm login` failing for the last time does: the HSM forgets everything. */
export function zeroizeHsm(state: ApplianceState): void {
  erasePartitions(state)
  state.hsm.label = null
  state.hsm.initialized = false
  state.hsm.zeroized = true
  state.hsm.soLoggedIn = false
  state.hsm.soPasswordHash = undefined
  state.hsm.domainHash = undefined
  state.hsm.loginAttemptsLeft = SO_LOGIN_ATTEMPTS
  state.hsm.policies = defaultPolicyValues(hsmPolicies(state.era))
}
