/** Consoles: open, type into, resize, acknowledge, signal, sign off and close a live session. */
import { z } from 'zod'
import type { EventName } from '../api-surface'
import {
  applianceEra,
  cols,
  controlBesidesLineBreaks,
  hostAddress,
  profileId,
  rows,
  sessionId,
  singleLine,
  type MethodSpecs,
} from './common'

export const sessionState = z.enum(['connecting', 'connected', 'closed', 'failed'])
export type SessionState = z.infer<typeof sessionState>
export const sessionSignal = z.enum(['break', 'dtr-on', 'dtr-off', 'rts-on', 'rts-off'])
/** An SSH console the host is reconnecting after its link dropped. */
export const sessionRetry = z.object({
  /** This attempt, 1-based, and how many there will be at most. */
  attempt: z.number().int().min(1),
  attempts: z.number().int().min(1),
  /** How long until this attempt starts (0: it is under way). */
  inMs: z.number().int().min(0),
})
export type SessionRetry = z.infer<typeof sessionRetry>

/** Requests on one live console. */
export const sessionsMethods = {
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
} satisfies MethodSpecs<'sessions'>

/** What a console tells the page: output, status, transcript trouble, the appliance it reached. */
export const sessionEvents = {
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
} satisfies Record<Extract<EventName, `session.${string}`>, z.ZodType>
