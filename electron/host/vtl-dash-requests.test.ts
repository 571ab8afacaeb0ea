/**
 * Names that reach vtl's command line (the server and client names of addServer / createCert, an HA group's
 * label) may not begin with a dash, or vtl would read them as options. The host refuses such a request at its
 * boundary, before any handler runs, and says why.
 */
import { describe, expect, it } from 'vitest'
import { RacksideError } from '../../shared/api'
import { validateRequest } from './validate'

const refusal = (method: string, params: Record<string, unknown>): string => {
  try {
    validateRequest(method, params)
  } catch (error) {
    expect(error).toBeInstanceOf(RacksideError)
    expect((error as RacksideError).code).toBe('invalid-request')
    return (error as RacksideError).message
  }
  throw new Error(`${method} accepted ${JSON.stringify(params)}`)
}

describe('names bound for vtl may not begin with a dash', () => {
  it.each(['-htl', '-c', '\u2013n', '--password=x'])('%s as a server or client name', (name) => {
    expect(refusal('client.runVtl', { action: 'addServer', server: name })).toMatch(
      /server: .*begins with ".": on a command line that makes it an option/,
    )
    expect(refusal('client.runVtl', { action: 'createCert', clientName: name })).toMatch(
      /clientName: must be a host name or IP address\. The name ".+" begins with ".": on a command line that makes it an option/,
    )
    expect(refusal('client.pushCert', { sessionId: 's-0123456789abcdef', clientName: name })).toMatch(
      /clientName: .*begins with/,
    )
  })

  it('as an HA group label or group', () => {
    const password = { applianceId: 'demo', partition: 'cms' }
    expect(
      refusal('client.haAdmin', { action: 'newGroup', label: '-label', serial: '157541001', password }),
    ).toMatch(/label: .*starting with a letter or digit \(vtl would read a leading dash as an option\)/)
    expect(refusal('client.haAdmin', { action: 'synchronize', group: '-all' })).toMatch(/group: /)
  })

  it('the same names without the dash are taken', () => {
    expect(
      validateRequest('client.runVtl', { action: 'createCert', clientName: 'web01.example.com' }),
    ).toBeTruthy()
    expect(validateRequest('client.haAdmin', { action: 'synchronize', group: 'cms-ha' })).toBeTruthy()
  })
})
