/**
 * The contract between the UI and the host: every request the renderer may make and every event it may
 * receive. The host validates each request against these schemas before doing anything (the renderer is
 * untrusted input); both hosts (Electron IPC and the loopback WebSocket of the browser host) use them.
 */
import { z } from 'zod'
import type { EventName, MethodName } from './api-surface'
import { hostAddressProblem } from './lunash/validate'
import { secretProblem } from './secret-value'

export { methodNames, eventNames } from './api-surface'
export type { MethodName, EventName } from './api-surface'

/** Printable text with no control characters other than tab: what a name or label may hold. */
// eslint-disable-next-line no-control-regex
const controlCharacter = /[\u0000-\u0008\u000a-\u001f\u007f]/
// eslint-disable-next-line no-control-regex
const controlBesidesLineBreaks = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/
const singleLine = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((s) => !controlCharacter.test(s), 'must be a single line without control characters')

export const sessionId = z.string().regex(/^s-[0-9a-f]{8,32}$/, 'not a session id')
export const profileId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'not a profile id')
const cols = z.number().int().min(2).max(1000)
const rows = z.number().int().min(1).max(500)

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

export const sessionState = z.enum(['connecting', 'connected', 'closed', 'failed'])
export type SessionState = z.infer<typeof sessionState>

// ── Consoles: saved profiles, serial ports, host keys, transcripts (sessions owner) ──────────────────────────
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
/** A host name, IPv4 or IPv6 address: nothing a shell or a line break could use, no port (that has a field). */
export const hostAddress = z
  .string()
  .min(1)
  .max(253)
  .superRefine((value, ctx) => {
    const problem = hostAddressProblem(value)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })
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
export const sshAuthMethods = ['password', 'keyboard-interactive', 'publickey', 'agent'] as const
export const sshSettings = z
  .object({
    host: hostAddress,
    port: z.number().int().min(1).max(65535).default(22),
    username: singleLine(64).regex(/^[A-Za-z0-9._@-]+$/, 'must be a user name'),
    auth: z.enum(sshAuthMethods).default('password'),
    /** Private key file (publickey); its passphrase is asked in the console, never saved. */
    keyPath: singleLine(1024).optional(),
    /** aes256-cbc, diffie-hellman-group14-sha1, ssh-rsa… for old appliances. */
    legacyAlgorithms: z.boolean().default(false),
    keepaliveSeconds: z.number().int().min(0).max(3600).default(15),
  })
  .strict()
export type SshSettings = z.output<typeof sshSettings>
/**
 * An appliance software era: 4 is Luna SA 3.x/4.x (the HID guide's syntax), then 5.x, 6.x, 7.x. A profile may pin
 * it (an appliance whose banner was never seen, or one that prints an unusual version); otherwise it is read from
 * the appliance.
 */
export const applianceEra = z.union([z.literal(4), z.literal(5), z.literal(6), z.literal(7)])
export type ApplianceEra = z.infer<typeof applianceEra>
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
export const serialPortInfo = z.object({
  path: z.string(),
  manufacturer: z.string().optional(),
  serialNumber: z.string().optional(),
  vendorId: z.string().optional(),
  productId: z.string().optional(),
})
export type SerialPortInfo = z.infer<typeof serialPortInfo>
export const sessionSignal = z.enum(['break', 'dtr-on', 'dtr-off', 'rts-on', 'rts-off'])
export const hostKeyStatus = z.enum(['trusted', 'unknown', 'changed'])
/** An SSH host key fingerprint as OpenSSH prints it (SHA-256, unpadded base64; a trailing `=` is tolerated). */
export const hostKeyFingerprint = z
  .string()
  .regex(/^SHA256:[A-Za-z0-9+/]{43}=?$/, 'must be a SHA256:… fingerprint')
/** A host key Rackside remembers, and how it came to trust it. */
export const knownHostEntry = z.object({
  host: z.string(),
  port: z.number(),
  fingerprint: z.string(),
  /** Other keys of the same appliance read from its serial console (ECDSA, RSA…). */
  alternates: z.array(z.string()).optional(),
  /** accepted: "Accept and remember" in the app; serial-console/pinned: read over the serial cable. */
  source: z.enum(['accepted', 'serial-console', 'pinned']),
  /** ISO 8601 UTC. */
  addedAt: z.string(),
})
export type KnownHostEntry = z.infer<typeof knownHostEntry>
/** An SSH console the host is reconnecting after its link dropped. */
export const sessionRetry = z.object({
  /** This attempt, 1-based, and how many there will be at most. */
  attempt: z.number().int().min(1),
  attempts: z.number().int().min(1),
  /** How long until this attempt starts (0: it is under way). */
  inMs: z.number().int().min(0),
})
export type SessionRetry = z.infer<typeof sessionRetry>
// ── end consoles ────────────────────────────────────────────────────────────────────────────────────────

const noParams = z.object({}).strict()

// --- Guided procedures (issue 5): schemas for the runner, its prompts and the appliance overview ---
/** A command row's id from shared/lunash/commands (e.g. `network.hostname`). */
export const commandId = z.string().regex(/^[a-z][a-zA-Z0-9.-]{1,63}$/, 'not a command id')
/** Form fields as typed: the host's builders validate them; nothing here is trusted. */
export const runnerFields = z
  .record(z.string().regex(/^[a-zA-Z]{1,32}$/), z.union([z.string().max(1024), z.number(), z.boolean()]))
  .refine((f) => Object.keys(f).length <= 16, 'too many fields')
export const secretIds = [
  'appliance-current-password',
  'appliance-new-password',
  'hsm-so-password',
  'hsm-domain',
  'partition-password',
  'partition-new-password',
  'partition-domain',
] as const
/** Secrets typed in a panel's form for this run only; typed at the appliance's prompts, never logged or kept. */
export const runnerSecrets = z.partialRecord(z.enum(secretIds), z.string().min(1).max(256))
export const promptId = z.string().regex(/^p-[0-9a-f]{8,32}$/, 'not a prompt id')
const fieldErrorSchema = z.object({ field: z.string(), message: z.string() })
export const runnerPreview = z.object({
  commandId: z.string(),
  title: z.string(),
  ok: z.boolean(),
  /** The exact line the runner would type (empty for attended flows such as the first login). */
  command: z.string(),
  errors: z.array(fieldErrorSchema),
  destructive: z.boolean(),
  /** What the appliance will ask while it runs: confirmations, passwords, PED keys. */
  prompts: z.array(z.object({ kind: z.string(), destructive: z.boolean(), warning: z.string() })),
  readBack: z.string().optional(),
  /** The era whose syntax the line is in (absent: the console's era is not known yet, or no console was named). */
  era: applianceEra.optional(),
  /** When the line depends on an era not known yet: what Rackside does first (reads `hsm show`). */
  eraNote: z.string().optional(),
})
export type RunnerPreview = z.infer<typeof runnerPreview>
const runStatus = z.enum(['done', 'failed', 'unknown'])
const runPart = z.object({
  status: runStatus,
  commandId: z.string(),
  command: z.string(),
  reason: z.string(),
  resultCode: z.number().optional(),
  resultText: z.string().optional(),
  facts: z.unknown().optional(),
  transcript: z.string(),
  durationMs: z.number(),
})
export const runnerResult = runPart.extend({
  fieldErrors: z.array(fieldErrorSchema).optional(),
  interactions: z.array(z.object({ kind: z.string(), answer: z.string() })),
  promptHost: z.string().optional(),
  unverified: z.boolean().optional(),
  readBack: z.object({ result: runPart, evidence: z.string().optional() }).optional(),
  /** What happened to a secret the run set (partition password, new admin password). */
  keychain: z.string().optional(),
  /** An interface change: the address the appliance moves to (reconnect there). */
  reconnectTo: z.string().optional(),
  /** What the operator should know before the next step (the Licences panel: a partition licence missing or used up). */
  warnings: z.array(z.string()).optional(),
  /** regenCert: the SHA-256 of server.pem after (and before) the change, fetched over SCP. */
  serverCertificate: z
    .object({ sha256: z.string(), previous: z.string().optional(), note: z.string().optional() })
    .optional(),
})
export type RunnerResult = z.infer<typeof runnerResult>
export const runnerPrompt = z.object({
  sessionId,
  promptId,
  kind: z.enum(['confirm', 'password', 'ped']),
  commandId: z.string(),
  title: z.string(),
  command: z.string(),
  /** The appliance's own words. */
  question: z.string(),
  warning: z.string(),
  destructive: z.boolean(),
  /** For destructive confirmations: what the operator must type (the label, the name, or `proceed`). */
  mustType: z.string().optional(),
  secret: z.enum(secretIds).optional(),
  again: z.boolean().optional(),
  ped: z
    .object({ operation: z.string(), keys: z.array(z.object({ colour: z.string(), role: z.string() })) })
    .optional(),
})
export type RunnerPromptEvent = z.infer<typeof runnerPrompt>
export const runnerState = z.object({
  sessionId,
  busy: z.boolean(),
  /** The line the runner is typing, for the console's "automation running" notice. */
  command: z.string().optional(),
  /**
   * Nothing is typed yet: the console is not at the lunash prompt (a question is open, a line half typed, a serial
   * line quiet). The operator's keyboard is free; the runner goes on once the prompt is back.
   */
  waiting: z
    .object({
      kind: z.enum([
        'lunash',
        'typed',
        'secret',
        'confirm',
        'ped',
        'pager',
        'menu',
        'login',
        'shell',
        'question',
        'empty',
        'unknown',
      ]),
      /** The console's own words. */
      text: z.string(),
      /** A sentence for the operator. */
      message: z.string(),
    })
    .optional(),
})
export type RunnerStateEvent = z.infer<typeof runnerState>
export const runnerSessionInfo = z.object({ sessionId, profileId: z.string(), title: z.string() })
const mark = z.enum(['done', 'not-done', 'changed', 'unknown'])
export const applianceOverview = z.object({
  readAt: z.string(),
  /** Who the appliance says it is: the prompt's name first (then `network show`), its software and era. */
  appliance: z.object({
    name: z.string().nullable(),
    nameFrom: z.enum(['prompt', 'network show']).nullable(),
    softwareVersion: z.string().nullable(),
    era: z.number().int().nullable(),
  }),
  hsm: z.unknown(),
  /** The HSM policy table: code, description, value and whether changing it zeroizes the HSM. */
  policies: z
    .array(
      z.object({ code: z.number(), description: z.string(), value: z.string(), destructive: z.boolean() }),
    )
    .nullable(),
  network: z.unknown(),
  ntls: z.unknown(),
  partitions: z.unknown(),
  /** Each registered client as `client show` reads it (partitions null where it could not be read). */
  clients: z
    .array(
      z.object({
        name: z.string(),
        hostname: z.string().optional(),
        ipAddress: z.string().optional(),
        partitions: z.array(z.string()).nullable(),
      }),
    )
    .nullable(),
  time: z.unknown(),
  /** Reads that did not complete, by area, with the reason. */
  problems: z.array(z.object({ area: z.string(), reason: z.string() })),
  /** What the operator should know before the next step (a partition licence missing or used up), as sentences. */
  warnings: z.array(z.string()),
  /** Each procedure's mark; an unknown mark always says why. */
  procedures: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      mark,
      evidence: z.string(),
      reason: z.string().optional(),
    }),
  ),
})
export type ApplianceOverview = z.infer<typeof applianceOverview>
// --- end guided procedures ---

// ── Client side (issue 6): Luna client, certificates, NTL check, PKCS#11 slots, CMS files, keychain ──────────
/** A path the operator typed; the host checks it (absolute, no `..`, the expected kind of file) before use. */
const operatorPath = z.string().min(1).max(1024)
export const vtlActions = ['addServer', 'createCert', 'verify', 'listServers', 'deleteServer'] as const
export const slotChoice = z.discriminatedUnion('by', [
  z
    .object({
      by: z.literal('slot-id'),
      slotId: z
        .number()
        .int()
        .min(0)
        .max(2 ** 32 - 1),
    })
    .strict(),
  z.object({ by: z.literal('token-name'), tokenName: z.string().min(1).max(32) }).strict(),
])
/** An HA group's label, or its number (`1` + the first member's serial), as `vtl haAdmin` takes them. */
const haGroupName = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/,
    'an HA group label or number: letters, digits, . _ - (up to 32), starting with a letter or digit (vtl would read a leading dash as an option)',
  )
const partitionSerial = z.string().regex(/^\d{1,16}$/, 'a partition serial number: digits only')
/** Which kept partition password `vtl haAdmin` uses: every member of an HA group has the same one. */
const keptPartitionPassword = z.object({ applianceId: profileId, partition: singleLine(64) }).strict()
export const haAdminActions = ['show', 'newGroup', 'addMember', 'haOnly', 'synchronize'] as const
const haMemberRow = z.object({
  slot: z.number().optional(),
  serial: z.string(),
  label: z.string(),
  status: z.string(),
})
const haGroupFacts = z.object({
  label: z.string(),
  number: z.string(),
  slot: z.number().optional(),
  synchronization: z.string().optional(),
  members: z.array(z.string()),
  standby: z.array(z.string()),
  memberRows: z.array(haMemberRow),
})
/** A keychain item: the appliance admin password, a partition (client) password, or a client's own. */
export const vaultAccount = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('appliance-admin'), applianceId: profileId }).strict(),
  z.object({ kind: z.literal('partition'), applianceId: profileId, partition: singleLine(64) }).strict(),
  z.object({ kind: z.literal('client'), clientId: profileId }).strict(),
])
const fingerprintsSchema = z.object({ sha256: z.string(), sha1: z.string(), md5: z.string() })
const cmsPreviewResult = z.object({
  previewId: z.string(),
  path: z.string(),
  file: z.enum(['cmsslot.ini', 'pkcs11.cfg']),
  existed: z.boolean(),
  encoding: z.string(),
  bom: z.boolean(),
  changed: z.boolean(),
  diff: z.string(),
  changes: z.array(z.string()),
  warnings: z.array(z.string()),
})
// ── end client side ─────────────────────────────────────────────────────────────────────────────────────

export const methods = {
  'app.info': {
    params: noParams,
    result: z.object({ version: z.string(), host: z.enum(['electron', 'web']) }),
  },
  'profiles.list': {
    params: noParams,
    result: z.array(connectionProfile),
  },
  'sessions.open': {
    params: z.object({ profileId, cols, rows }).strict(),
    result: z.object({
      sessionId,
      title: z.string(),
      kind: z.enum(['demo', 'ssh', 'serial', 'local']).optional(),
      transcript: z.string().optional(),
    }),
  },
  'sessions.write': {
    /** Keystrokes or pasted text; large pastes are split by the renderer. */
    params: z.object({ sessionId, data: z.string().min(1).max(65_536) }).strict(),
    result: z.null(),
  },
  'sessions.resize': {
    params: z.object({ sessionId, cols, rows }).strict(),
    result: z.null(),
  },
  'sessions.ack': {
    /** The renderer has written this many characters of session output to the terminal. */
    params: z
      .object({
        sessionId,
        chars: z
          .number()
          .int()
          .min(1)
          .max(1 << 30),
      })
      .strict(),
    result: z.null(),
  },
  'sessions.close': {
    params: z.object({ sessionId }).strict(),
    result: z.null(),
  },
  // --- Guided procedures: the command runner (issue 5) ---
  'runner.preview': {
    /** With the console it will run in, the line is in that appliance's era. */
    params: z.object({ commandId, fields: runnerFields, sessionId: sessionId.optional() }).strict(),
    result: runnerPreview,
  },
  'runner.run': {
    params: z
      .object({ sessionId, commandId, fields: runnerFields, secrets: runnerSecrets.optional() })
      .strict(),
    result: runnerResult,
  },
  'runner.verify': {
    params: z.object({ sessionId, commandId, fields: runnerFields }).strict(),
    result: runnerResult,
  },
  'runner.answer': {
    params: z
      .object({
        sessionId,
        promptId,
        proceed: z.boolean().optional(),
        typed: z.string().max(256).optional(),
        secret: z.string().max(256).optional(),
      })
      .strict(),
    result: z.null(),
  },
  'runner.abort': {
    params: z.object({ sessionId }).strict(),
    result: z.null(),
  },
  'runner.sessions': {
    params: noParams,
    result: z.array(runnerSessionInfo),
  },
  'runner.upload': {
    /**
     * Sends a local file to the appliance's admin home over SCP/SFTP. The host also checks that the path names a
     * regular file within its size limit (electron/host/upload-file.ts).
     */
    params: z
      .object({
        sessionId,
        localPath: z
          .string()
          .min(1)
          .max(4096)
          .regex(
            // eslint-disable-next-line no-control-regex -- the pattern refuses control characters
            /^(\/|[A-Za-z]:[\\/]|\\\\)[^\u0000-\u001f\u007f]*$/,
            'must be the absolute path of the file (for example /home/you/update.spkg or C:\\Users\\you\\update.spkg), on one line',
          ),
        password: z.string().min(1).max(256).optional(),
      })
      .strict(),
    result: z.object({ name: z.string(), bytes: z.number(), via: z.string() }),
  },
  'overview.read': {
    params: z.object({ sessionId }).strict(),
    result: applianceOverview,
  },
  // --- end guided procedures ---
  // ── consoles (sessions owner) ──
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
  'serial.ports': {
    params: noParams,
    /** `notice` says why the list may be incomplete (no udevadm) and that a path can be typed. */
    result: z.object({ ports: z.array(serialPortInfo), notice: z.string().optional() }),
  },
  'sessions.signal': {
    /** BREAK, DTR, RTS on a serial line; `applied: false` with a reason when the port cannot do it. */
    params: z.object({ sessionId, signal: sessionSignal }).strict(),
    result: z.object({ applied: z.boolean(), message: z.string() }),
  },
  'sessions.signOff': {
    /**
     * The operator (and a witness) sign off what this console did: a line in its transcript naming them and any
     * deviations from the procedure, sealed at once. The seal's digest is returned for them to keep with the
     * paperwork; `rackside transcript verify` shows the same digest while the record is unchanged.
     */
    params: z
      .object({
        sessionId,
        operator: singleLine(80),
        witness: singleLine(80).optional(),
        /** One deviation a line; empty lines are dropped. */
        deviations: z
          .string()
          .max(2000)
          .refine((s) => !controlBesidesLineBreaks.test(s), 'must be text without control characters')
          .optional(),
      })
      .strict(),
    result: z.object({ at: z.string(), digest: z.string(), transcript: z.string() }),
  },
  'sessions.pinHostKey': {
    /** Runs `sysconf fingerprint ssh` in a serial console and remembers the SHA-256 key for the appliance. */
    params: z
      .object({
        sessionId,
        address: hostAddress.optional(),
        port: z.number().int().min(1).max(65535).optional(),
      })
      .strict(),
    result: z.object({ host: z.string(), port: z.number(), fingerprint: z.string() }),
  },
  'hostKeys.scan': {
    /** Reads the key an SSH profile's server presents (no login) and says whether Rackside knows it. */
    params: z.object({ profileId }).strict(),
    result: z.object({
      host: z.string(),
      port: z.number(),
      fingerprint: z.string(),
      algorithm: z.string(),
      status: hostKeyStatus,
      remembered: z.string().optional(),
    }),
  },
  'hostKeys.accept': {
    /** Trust this fingerprint for the profile's address: once (the next connection) or remembered. */
    params: z
      .object({
        profileId,
        fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/),
        remember: z.boolean(),
      })
      .strict(),
    result: z.null(),
  },
  'hostKeys.list': {
    /** Every host key Rackside remembers (its own store, not ~/.ssh/known_hosts). */
    params: noParams,
    result: z.array(knownHostEntry),
  },
  'hostKeys.forget': {
    /**
     * Forgets the key remembered for host:port; the next connection there asks again. The fingerprint must be the
     * one remembered (what the operator saw in the list), else nothing changes.
     */
    params: z
      .object({
        host: hostAddress,
        port: z.number().int().min(1).max(65535),
        fingerprint: hostKeyFingerprint,
      })
      .strict(),
    result: z.null(),
  },
  'transcripts.open': {
    /** Opens the transcript folder (desktop) or says where it is (browser host: `opened: false`). */
    params: noParams,
    result: z.object({ path: z.string(), opened: z.boolean() }),
  },
  'transcripts.verify': {
    /**
     * Checks the seals of every transcript in the folder: `sealed` (all vouched for; `lastSeal.digest` is what a
     * kept copy should show), `unsealed` (lines after the last seal: an open console or a crash) or `altered`.
     */
    params: noParams,
    result: z.object({
      path: z.string(),
      transcripts: z.array(
        z.object({
          name: z.string(),
          verdict: z.enum(['sealed', 'unsealed', 'altered']),
          seals: z.number().int(),
          unsealedLines: z.number().int(),
          lastSeal: z.object({ line: z.number().int(), at: z.string(), digest: z.string() }).optional(),
          broken: z.object({ line: z.number().int(), from: z.number().int(), reason: z.string() }).optional(),
        }),
      ),
      unreadable: z.array(z.string()),
    }),
  },
  // ── end consoles ──
  // ── client side (issue 6) ──
  'client.locate': {
    /**
     * The Luna client: the operator's folder, the default folders, or the simulated client of the demo appliance
     * whose console `sessionId` names (each demo appliance has its own).
     */
    params: z
      .object({
        folder: operatorPath.optional(),
        demo: z.boolean().optional(),
        sessionId: sessionId.optional(),
      })
      .strict(),
    result: z.object({
      folder: z.string(),
      vtlPath: z.string(),
      version: z.string().optional(),
      versionNote: z.string(),
      configPath: z.string().optional(),
      cryptokiLibrary: z.string().optional(),
      demo: z.boolean(),
    }),
  },
  'client.pullServerPem': {
    /** Over the console's verified SSH target; progress as client.transfer.progress. */
    params: z.object({ sessionId, reportedFingerprint: z.string().max(200).optional() }).strict(),
    result: z.object({
      path: z.string(),
      via: z.enum(['scp', 'sftp']),
      fingerprints: fingerprintsSchema,
      subject: z.string(),
      validFrom: z.string(),
      validTo: z.string(),
      replacedSha256: z.string().optional(),
      ntls: z.object({
        endpoint: z.string(),
        presentedSha256: z.string().optional(),
        matches: z.boolean().optional(),
      }),
      reportedMatches: z.boolean().optional(),
    }),
  },
  'client.pushCert': {
    /** Sends `<clientName>.pem` from the Luna client's cert/client folder (never the key). */
    params: z.object({ sessionId, clientName: hostAddress }).strict(),
    result: z.object({
      remoteName: z.string(),
      certificatePath: z.string(),
      via: z.enum(['scp', 'sftp']),
      fingerprints: fingerprintsSchema,
    }),
  },
  'client.runVtl': {
    /** Runs vtl in the Luna client tools console (sessions.open 'client-tools'), visibly; parsed facts back. */
    params: z
      .object({
        action: z.enum(vtlActions),
        sessionId: sessionId.optional(),
        server: hostAddress.optional(),
        clientName: hostAddress.optional(),
      })
      .strict(),
    result: z.object({
      action: z.enum(vtlActions),
      command: z.string(),
      exitCode: z.number(),
      ok: z.boolean(),
      output: z.string(),
      facts: z.unknown().optional(),
      problem: z.string().optional(),
      /**
       * addServer / createCert: the name given does not resolve, or resolves elsewhere than the appliance (this
       * computer); the step still ran, the operator fixes DNS or uses the IP address before going on.
       */
      warnings: z.array(z.string()).optional(),
    }),
  },
  'client.haAdmin': {
    /**
     * `vtl haAdmin` in the Luna client tools console, then `vtl haAdmin show` read back to prove the change. The
     * partition password is read from the keychain by the host; it never crosses from the page.
     */
    params: z.discriminatedUnion('action', [
      z.object({ action: z.literal('show') }).strict(),
      z
        .object({
          action: z.literal('newGroup'),
          label: haGroupName,
          serial: partitionSerial,
          password: keptPartitionPassword,
        })
        .strict(),
      z
        .object({
          action: z.literal('addMember'),
          group: haGroupName,
          serial: partitionSerial,
          password: keptPartitionPassword,
        })
        .strict(),
      z.object({ action: z.literal('haOnly'), enable: z.boolean() }).strict(),
      z.object({ action: z.literal('synchronize'), group: haGroupName }).strict(),
    ]),
    result: z.object({
      action: z.enum(haAdminActions),
      command: z.string(),
      exitCode: z.number(),
      /** True only when the read-back shows the change (or, for show, when it was understood). */
      ok: z.boolean(),
      output: z.string(),
      readBack: z.object({ groups: z.array(haGroupFacts), haOnly: z.boolean().optional() }).optional(),
      problem: z.string().optional(),
    }),
  },
  'client.probe': {
    params: z
      .object({
        sessionId,
        appliance: z
          .object({
            clientRegistered: z.boolean().optional(),
            registeredClientFingerprint: z.string().max(200).optional(),
            ipcheck: z.boolean().optional(),
          })
          .strict()
          .optional(),
      })
      .strict(),
    /** ok with the partitions the appliance shows (demo), or a named problem with what to do. */
    result: z
      .object({
        endpoint: z.string(),
        ok: z.boolean(),
        problem: z.string().optional(),
        message: z.string().optional(),
        advice: z.string().optional(),
        detail: z.string().optional(),
        client: z.string().optional(),
        partitions: z.array(z.object({ name: z.string(), serial: z.string(), label: z.string() })).optional(),
        tlsVersion: z.string().optional(),
        serverSha256: z.string().optional(),
        warnings: z.array(z.string()),
      })
      .loose(),
  },
  'client.listSlots': {
    /** The Luna cryptoki library (Chrystoki.conf / install folder) or the operator's library (e.g. SoftHSM2). */
    params: z.object({ library: operatorPath.optional() }).strict(),
    result: z.object({
      library: z.string(),
      source: z.string(),
      module: z.object({ library: z.string(), description: z.string(), manufacturer: z.string() }).loose(),
      slots: z.array(
        z
          .object({
            slotId: z.number(),
            description: z.string(),
            tokenPresent: z.boolean(),
            token: z.object({ label: z.string(), serial: z.string(), model: z.string() }).loose().optional(),
          })
          .loose(),
      ),
    }),
  },
  'client.cmsDefaults': {
    params: noParams,
    result: z.object({ cmsSlotIni: z.string(), pkcs11Cfg: z.string(), note: z.string() }),
  },
  'client.cmsPreview': {
    /** The diff the change would make; the file's bytes stay on the host under previewId. */
    params: z
      .object({
        file: z.enum(['cmsslot.ini', 'pkcs11.cfg']),
        path: operatorPath,
        choice: slotChoice,
        createIfMissing: z.boolean().optional(),
        library: operatorPath.optional(),
      })
      .strict(),
    result: cmsPreviewResult,
  },
  'client.cmsApply': {
    /** Writes an approved preview: unchanged file, slot checked through PKCS#11, backup, atomic replace. */
    params: z.object({ previewId: z.string().regex(/^pv-[0-9a-f]{16}$/, 'not a preview id') }).strict(),
    result: z.object({
      path: z.string(),
      written: z.boolean(),
      backupPath: z.string().optional(),
      sha256: z.string(),
    }),
  },
  'client.cmsCopyFromDistribution': {
    params: z.object({ path: operatorPath, distributionFolder: operatorPath }).strict(),
    result: z.object({
      path: z.string(),
      source: z.enum(['existing', 'distribution']),
      copiedFrom: z.string().optional(),
    }),
  },
  'vault.set': {
    /** Stores a password in the OS keychain (never in a file); there is no way to read one back. */
    params: z
      .object({
        account: vaultAccount,
        // Refused before anything is stored (shared/secret-value.ts): too short to hide, or control characters.
        secret: z
          .string()
          .max(256)
          .superRefine((s, ctx) => {
            const problem = secretProblem(s)
            if (problem) ctx.addIssue({ code: 'custom', message: problem })
          }),
      })
      .strict(),
    result: z.object({ stored: z.literal(true) }),
  },
  'vault.has': {
    params: z.object({ account: vaultAccount }).strict(),
    result: z.object({ kept: z.boolean() }),
  },
  'vault.delete': {
    params: z.object({ account: vaultAccount }).strict(),
    result: z.object({ deleted: z.boolean() }),
  },
  // ── end client side ──
} satisfies Record<MethodName, { params: z.ZodType; result: z.ZodType }>

export const events = {
  'session.data': z.object({ sessionId, data: z.string() }),
  'session.status': z.object({
    sessionId,
    state: sessionState,
    message: z.string().optional(),
    /** Set while the host reconnects an SSH console whose link dropped (state 'connecting'). */
    retry: sessionRetry.optional(),
  }),
  /** The console's transcript stopped (a write failed) or could not start: `stopped` says why. */
  'session.transcript': z.object({ sessionId, stopped: z.string() }),
  /** The appliance the console's lunash prompt names (`[name] lunash:>`); null when it names none (`local_host`). */
  'session.appliance': z.object({ sessionId, name: z.string().nullable() }),
  /**
   * The software version the console's appliance printed (banner, `hsm show`) and the era whose syntax the guided
   * steps use; `pinned` when the profile fixes the era. Null: not known yet.
   */
  'session.software': z.object({
    sessionId,
    version: z.string().nullable(),
    era: applianceEra.nullable(),
    pinned: z.boolean(),
  }),
  // --- Guided procedures (issue 5) ---
  'runner.prompt': runnerPrompt,
  'runner.state': runnerState,
  'runner.attached': runnerSessionInfo,
  // --- end guided procedures ---
  // ── client side (issue 6) ──
  'client.transfer.progress': z.object({
    sessionId,
    file: z.string(),
    transferred: z.number(),
    total: z.number(),
  }),
  // ── end client side ──
} satisfies Record<EventName, z.ZodType>

export type Params<M extends MethodName> = z.input<(typeof methods)[M]['params']>
export type Result<M extends MethodName> = z.output<(typeof methods)[M]['result']>
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>

export const errorCodes = [
  'invalid-request',
  'not-found',
  'busy',
  'connection-failed',
  'host-key-unknown',
  'host-key-mismatch',
  'auth-failed',
  'internal',
  // client side (issue 6)
  'keychain-unavailable',
  'file-corrupt',
  'file-changed',
  'slot-not-found',
  'luna-client-not-found',
  'password-change-required',
  'cryptoki-failed',
] as const
export type ErrorCode = (typeof errorCodes)[number]

/** An error as it crosses the contract: a code the UI can branch on and a sentence a person can act on. */
export interface ApiError {
  code: ErrorCode
  message: string
}

export type Reply<T = unknown> = { ok: true; value: T } | { ok: false; error: ApiError }

/** Thrown on the renderer side when the host answers with an error. */
export class RacksideError extends Error {
  readonly code: ErrorCode
  constructor(error: ApiError) {
    super(error.message)
    this.name = 'RacksideError'
    this.code = error.code
  }
}

type Namespace = MethodName extends `${infer N}.${string}` ? N : never
type MethodsIn<N extends Namespace> = {
  [M in MethodName as M extends `${N}.${infer F}` ? F : never]: (params: Params<M>) => Promise<Result<M>>
}

/**
 * Console output as the page receives it. The host sends text; the browser host's page receives it as UTF-8
 * bytes (xterm.js parses them as they are) with `chars`, the text's length, which is what the page acknowledges.
 */
export interface ReceivedSessionData {
  sessionId: string
  data: string | Uint8Array
  chars?: number
}
type Received<E extends EventName> = E extends 'session.data' ? ReceivedSessionData : EventPayload<E>

/** `window.rackside`: one typed function per request, grouped by area, plus event subscription. */
export type RacksideApi = { [N in Namespace]: MethodsIn<N> } & {
  on<E extends EventName>(event: E, listener: (payload: Received<E>) => void): () => void
}
