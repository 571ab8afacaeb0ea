import { describe, expect, it } from 'vitest'
import { parseWebArgs } from './args'

describe('the browser host command line', () => {
  it('takes --port N and --port=N alike; any free port and 127.0.0.1 by default', () => {
    expect(parseWebArgs(['--port', '8080'])).toEqual({ port: 8080, host: '127.0.0.1' })
    expect(parseWebArgs(['--port=8080', '--host=127.0.0.2'])).toEqual({ port: 8080, host: '127.0.0.2' })
    expect(parseWebArgs([])).toEqual({ port: 0, host: '127.0.0.1' })
  })

  it('--help asks for the usage', () => {
    expect(parseWebArgs(['--help'])).toBeUndefined()
    expect(parseWebArgs(['-h', '--port', 'x'])).toBeUndefined()
  })

  it.each([
    [['--port', 'abc'], '--port needs a whole number from 0 to 65535, not "abc".'],
    [['--port=70000'], '--port needs a whole number from 0 to 65535, not "70000".'],
    [['--prot', '1'], 'Unknown option --prot.'],
    [['--port'], '--port needs a value.'],
    [['8080'], 'Unexpected argument 8080.'],
  ])('%j is a usage error naming the option (exit 2)', (args, message) => {
    expect(() => parseWebArgs(args)).toThrow(message)
    expect(() => parseWebArgs(args)).toThrow(expect.objectContaining({ exitCode: 2 }))
  })
})
