/**
 * The client side: the Luna client, server and client certificates, vtl, HA groups, the NTL check, PKCS#11 slots
 * and the CMS configuration files.
 */
import { z } from 'zod'
import type { EventName } from '../api-surface'
import { hostAddress, noParams, profileId, sessionId, singleLine, type MethodSpecs } from './common'

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

/** Requests of the client-side wizard. */
export const clientMethods = {
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
} satisfies MethodSpecs<'client'>

/** Progress of a file transfer to or from the appliance. */
export const clientEvents = {
  'client.transfer.progress': z.object({
    sessionId,
    file: z.string(),
    transferred: z.number(),
    total: z.number(),
  }),
} satisfies Record<Extract<EventName, `client.${string}`>, z.ZodType>
