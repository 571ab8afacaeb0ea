/** SSH host keys Rackside trusts: scanned, accepted, listed and forgotten. */
import { z } from 'zod'
import { hostAddress, noParams, profileId, type MethodSpecs } from './common'

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
  /**
   * accepted: "Accept and remember" in the app; serial-console/pinned: read over the serial cable; openssh:
   * imported from ~/.ssh/known_hosts.
   */
  source: z.enum(['accepted', 'serial-console', 'pinned', 'openssh']),
  /** ISO 8601 UTC. */
  addedAt: z.string(),
})
export type KnownHostEntry = z.infer<typeof knownHostEntry>

/** Scan, accept, list and forget SSH host keys. */
export const hostKeysMethods = {
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
  'hostKeys.opensshList': {
    /**
     * What ~/.ssh/known_hosts holds that Rackside could import: keys named by a plain host, and counts of what
     * cannot be listed (hashed names can only be matched, patterns, @cert-authority, @revoked).
     */
    params: noParams,
    result: z.object({
      file: z.string(),
      keys: z.array(
        z.object({
          host: z.string(),
          port: z.number(),
          keyType: z.string(),
          fingerprint: z.string(),
          /** Rackside already remembers this key for host:port. */
          known: z.boolean(),
        }),
      ),
      hashed: z.number(),
      patterns: z.number(),
      certAuthorities: z.number(),
      revoked: z.number(),
      problem: z.string().optional(),
    }),
  },
  'hostKeys.importOpenssh': {
    /** Remembers these keys, each only if ~/.ssh/known_hosts lists it for host:port (re-read, not taken on trust). */
    params: z
      .object({
        keys: z
          .array(
            z
              .object({
                host: hostAddress,
                port: z.number().int().min(1).max(65535),
                fingerprint: hostKeyFingerprint,
              })
              .strict(),
          )
          .min(1)
          .max(1000),
      })
      .strict(),
    /** `refused`: one sentence per host:port not imported (Rackside knows it by another key, or the file does not list it). */
    result: z.object({ imported: z.number(), refused: z.array(z.string()) }),
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
} satisfies MethodSpecs<'hostKeys'>
