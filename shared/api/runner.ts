/** The command runner: previews, runs and verifies lunash commands in a console, and asks the operator. */
import { z } from 'zod'
import type { EventName } from '../api-surface'
import { applianceEra, noParams, sessionId, type MethodSpecs } from './common'

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

/** Guided procedures: one lunash command at a time, in a live console. */
export const runnerMethods = {
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
     * regular file within its size limit (electron/runner/service/upload-file.ts).
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
} satisfies MethodSpecs<'runner'>

/** The runner's questions to the operator and its state. */
export const runnerEvents = {
  'runner.prompt': runnerPrompt,
  'runner.state': runnerState,
  'runner.attached': runnerSessionInfo,
} satisfies Record<Extract<EventName, `runner.${string}`>, z.ZodType>
