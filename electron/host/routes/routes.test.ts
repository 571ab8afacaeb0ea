/**
 * The routing table is typed from the contract. The `@ts-expect-error` lines are the test: typecheck fails if a
 * namespace's handlers could leave out a method, answer with the wrong shape, or add a method the contract lacks.
 */
import { describe, expect, it } from 'vitest'
import { methodNames } from '../../../shared/api'
import { createRoutes, type Handlers, type RouteServices } from './index'

// No handler touches a service until it is called, so the table can be built around app.info alone.
const appOnly = { app: { version: '1.2.3', host: 'web' } } as unknown as RouteServices

describe('the routing table', () => {
  it('has a handler for every method of the contract', () => {
    const routes = createRoutes(appOnly)
    expect(Object.keys(routes).sort()).toEqual([...methodNames].sort())
  })

  it('answers app.info with what the host was given', async () => {
    const routes = createRoutes(appOnly)
    await expect(routes['app.info']({}, { client: 'c' })).resolves.toEqual({ version: '1.2.3', host: 'web' })
  })

  it('rejects, at compile time, a missing method, a wrong reply and an unknown method', () => {
    // @ts-expect-error vault.delete is missing
    const missing: Handlers<'vault'> = {
      'vault.set': async () => ({ stored: true }),
      'vault.has': async () => ({ kept: false }),
    }
    const wrongReply: Handlers<'vault'> = {
      'vault.set': async () => ({ stored: true }),
      // @ts-expect-error the contract's reply is { kept: boolean }
      'vault.has': async () => ({ kept: 'yes' }),
      'vault.delete': async () => ({ deleted: true }),
    }
    const extra: Handlers<'transcripts'> = {
      'transcripts.open': async () => ({ path: '/tmp', opened: false }),
      'transcripts.verify': async () => ({ path: '/tmp', transcripts: [], unreadable: [] }),
      // @ts-expect-error the contract has no transcripts.delete
      'transcripts.delete': async () => null,
    }
    const wrongParams: Handlers<'hostKeys'> = {
      'hostKeys.scan': async () => ({
        host: 'h',
        port: 22,
        fingerprint: 'f',
        algorithm: 'a',
        status: 'trusted',
      }),
      'hostKeys.accept': async () => null,
      'hostKeys.list': async () => [],
      'hostKeys.opensshList': async () => ({
        file: '~/.ssh/known_hosts',
        keys: [],
        hashed: 0,
        patterns: 0,
        certAuthorities: 0,
        revoked: 0,
      }),
      'hostKeys.importOpenssh': async () => ({ imported: 0, refused: [] }),
      // @ts-expect-error hostKeys.forget's port is a number
      'hostKeys.forget': async ({ port }: { port: string }) => (port.length ? null : null),
    }
    expect([missing, wrongReply, extra, wrongParams].every((handlers) => typeof handlers === 'object')).toBe(
      true,
    )
  })
})
