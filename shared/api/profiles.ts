/** Connection profiles: the saved SSH, serial and local consoles, and what a saved one may hold. */
import { z } from 'zod'
import { hostAddressProblem } from '../lunash/validate'
import { applianceEra, hostAddress, noParams, profileId, singleLine, type MethodSpecs } from './common'

/** A Host alias of ~/.ssh/config as `ssh -G` resolves it, for filling a new profile. */
export const sshConfigHost = z.object({
  alias: z.string(),
  hostName: z.string(),
  port: z.number(),
  user: z.string().optional(),
  keyPath: z.string().optional(),
  jumpHost: z.string().optional(),
})
export type SshConfigHost = z.infer<typeof sshConfigHost>

export const connectionProfile = z.object({
  id: profileId,
  name: singleLine(120),
  kind: z.enum(['demo', 'ssh', 'serial', 'local']),
  /** Where it goes, for display: "admin@127.0.0.1:2222" or "/dev/ttyUSB0 @ 115200". */
  target: z.string(),
  /** A serial profile's port is there now (an adapter plugged in); absent for other kinds and COM ports. */
  present: z.boolean().optional(),
})
export type ConnectionProfile = z.infer<typeof connectionProfile>
/** A serial device path: /dev/… (or any absolute path, e.g. a pty symlink) or a Windows COM port. */
export const serialPath = z
  .string()
  .min(2)
  .max(256)
  .regex(
    // eslint-disable-next-line no-control-regex -- the pattern refuses control characters
    /^(\/[^\u0000-\u001f\u007f]+|COM[1-9][0-9]{0,2})$/,
    'must be a device path like /dev/ttyUSB0 (or COM3)',
  )
export const baudRates = [
  300, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600,
] as const
export const serialSettings = z
  .object({
    path: serialPath,
    baudRate: z.number().int().min(50).max(4_000_000).default(115200),
    dataBits: z.union([z.literal(5), z.literal(6), z.literal(7), z.literal(8)]).default(8),
    parity: z.enum(['none', 'even', 'odd', 'mark', 'space']).default('none'),
    stopBits: z.union([z.literal(1), z.literal(1.5), z.literal(2)]).default(1),
    rtscts: z.boolean().default(false),
    xon: z.boolean().default(false),
    /** What Enter sends. */
    newline: z.enum(['cr', 'lf', 'crlf']).default('cr'),
    localEcho: z.boolean().default(false),
    /** The SSH address of the appliance on this cable: where a fingerprint read here is pinned. */
    applianceAddress: hostAddress.optional(),
    sshPort: z.number().int().min(1).max(65535).optional(),
  })
  .strict()
export type SerialSettings = z.output<typeof serialSettings>
/**
 * ProxyJump: the bastion(s) to pass through, as OpenSSH writes it: `[user@]host[:port]`, several separated by
 * commas (first hop first); a host may be a Host alias of ~/.ssh/config. Each host is checked like `host`: one
 * line, no leading dash (it must never read as an option).
 */
export const jumpHost = z
  .string()
  .min(1)
  .max(1024)
  .superRefine((value, ctx) => {
    for (const part of value.split(',')) {
      const hop = /^(?:([A-Za-z0-9._-]+)@)?(\[[0-9A-Fa-f:.]+\]|[^@:[\]\s,]+)(?::(\d{1,5}))?$/.exec(part)
      const host = hop?.[2]?.replace(/^\[|\]$/g, '')
      const port = hop?.[3] === undefined ? 22 : Number(hop[3])
      const problem = !hop || !host ? 'is not [user@]host[:port]' : hostAddressProblem(host)
      if (problem || port < 1 || port > 65535 || hop?.[1]?.startsWith('-'))
        ctx.addIssue({
          code: 'custom',
          message: `jump host "${part}" ${problem ?? 'has a bad port or user'}`,
        })
    }
  })
export const sshAuthMethods = ['password', 'keyboard-interactive', 'publickey', 'agent'] as const
export const sshSettings = z
  .object({
    host: hostAddress,
    port: z.number().int().min(1).max(65535).default(22),
    username: singleLine(64).regex(/^[A-Za-z0-9._@-]+$/, 'must be a user name'),
    auth: z.enum(sshAuthMethods).default('password'),
    /** Private key file (publickey); its passphrase is asked in the console, never saved. */
    keyPath: singleLine(1024).optional(),
    /** Reach the appliance through these bastions (ProxyJump); each hop's host key is checked too. */
    jumpHost: jumpHost.optional(),
    /** aes256-cbc, diffie-hellman-group14-sha1, ssh-rsa… for old appliances. */
    legacyAlgorithms: z.boolean().default(false),
    keepaliveSeconds: z.number().int().min(0).max(3600).default(15),
  })
  .strict()
export type SshSettings = z.output<typeof sshSettings>
/**
 * A connection profile as saved (JSON in the data dir). Strict on purpose: there is no field for a password,
 * passphrase or key material, and an unknown field (say `password`) is refused, not dropped.
 */
export const profileSpec = z.discriminatedUnion('kind', [
  z
    .object({
      id: profileId.optional(),
      name: singleLine(120),
      kind: z.literal('ssh'),
      ssh: sshSettings,
      era: applianceEra.optional(),
    })
    .strict(),
  z
    .object({
      id: profileId.optional(),
      name: singleLine(120),
      kind: z.literal('serial'),
      serial: serialSettings,
      era: applianceEra.optional(),
    })
    .strict(),
  z
    .object({
      id: profileId.optional(),
      name: singleLine(120),
      kind: z.literal('local'),
      cwd: singleLine(1024).optional(),
    })
    .strict(),
])
export type ProfileSpec = z.output<typeof profileSpec>
export type ProfileSpecInput = z.input<typeof profileSpec>

/** List, read, save and delete connection profiles. */
export const profilesMethods = {
  'profiles.list': {
    params: noParams,
    result: z.array(connectionProfile),
  },
  'profiles.get': {
    params: z.object({ profileId }).strict(),
    result: profileSpec,
  },
  'profiles.save': {
    params: z.object({ profile: profileSpec }).strict(),
    result: connectionProfile,
  },
  'profiles.delete': {
    params: z.object({ profileId }).strict(),
    result: z.null(),
  },
  'profiles.sshConfigHosts': {
    /** The Host aliases of ~/.ssh/config (no wildcards), each resolved; `problem` when the file cannot be read. */
    params: noParams,
    result: z.object({ file: z.string(), hosts: z.array(sshConfigHost), problem: z.string().optional() }),
  },
} satisfies MethodSpecs<'profiles'>
