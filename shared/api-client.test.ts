import { describe, expect, it } from 'vitest'
import { buildApi, type ApiTransport } from './api-client'
import { RacksideError, type Reply } from './errors'

/** A transport that answers every request with `reply` and records what was asked. */
function answering(reply: unknown) {
  const asked: [string, unknown][] = []
  const transport: ApiTransport = {
    call: async (method, params) => {
      asked.push([method, params])
      return reply as Reply
    },
    subscribe: () => () => undefined,
  }
  return { api: buildApi(transport), asked }
}

describe('buildApi', () => {
  it('returns the value of an ok reply', async () => {
    const { api, asked } = answering({ ok: true, value: { host: 'web', version: '1' } })
    await expect(api.app.info({})).resolves.toEqual({ host: 'web', version: '1' })
    expect(asked).toEqual([['app.info', {}]])
  })

  it('throws an error reply as a RacksideError with its code, message and details', async () => {
    const { api } = answering({
      ok: false,
      error: { code: 'busy', message: 'A command is running in this console.', details: { sessionId: 's1' } },
    })
    const error = await api.runner.abort({ sessionId: 's1' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RacksideError)
    expect(error).toMatchObject({ code: 'busy', message: 'A command is running in this console.' })
    expect((error as RacksideError).details).toEqual({ sessionId: 's1' })
  })

  it('throws a reply of no known shape as an internal RacksideError rather than returning undefined', async () => {
    for (const junk of [undefined, null, 'ok', { ok: 'yes' }]) {
      const error = await answering(junk)
        .api.app.info({})
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(RacksideError)
      expect((error as RacksideError).code).toBe('internal')
    }
  })
})
