import { describe, expect, it } from 'vitest'
import { suffixed } from '../index'
import { resolveHomePath } from '../transports/home-files'
import { OutputPacer, splitLines, toCrlf } from '../transports/output-pacer'
import { parseScpCommand } from '../transports/scp'
import {
  addServerEntry,
  blankServerEntry,
  ChrystokiConf,
  firstFreeIndex,
  listServers,
} from '../vtl/chrystoki'
import { parseArgs } from '../vtl/output'
import { resolveCommand } from '../vtl/main'

describe('legacy SCP command lines', () => {
  it('reads what OpenSSH scp -O sends for downloads and uploads', () => {
    expect(parseScpCommand('scp -f server.pem')).toEqual({
      mode: 'source',
      path: 'server.pem',
      recursive: false,
    })
    expect(parseScpCommand('scp -t .')).toEqual({ mode: 'sink', path: '.', recursive: false })
    expect(parseScpCommand('scp -v -d -t -- -odd.pem')).toEqual({
      mode: 'sink',
      path: '-odd.pem',
      recursive: false,
    })
    expect(parseScpCommand('scp -r -t .')?.recursive).toBe(true)
  })

  it('is not fooled by lunash commands', () => {
    expect(parseScpCommand('hsm show')).toBeUndefined()
    expect(parseScpCommand('scp')).toBeUndefined()
  })
})

describe('paths in the admin home', () => {
  it('maps home spellings to bare names', () => {
    expect(resolveHomePath('server.pem')).toEqual({ ok: true, name: 'server.pem' })
    expect(resolveHomePath('./server.pem')).toEqual({ ok: true, name: 'server.pem' })
    expect(resolveHomePath('~/server.pem')).toEqual({ ok: true, name: 'server.pem' })
    expect(resolveHomePath('/home/admin/server.pem')).toEqual({ ok: true, name: 'server.pem' })
    expect(resolveHomePath('.')).toEqual({ ok: true, home: true })
    expect(resolveHomePath('')).toEqual({ ok: true, home: true })
  })

  it('refuses ../ anywhere and subfolders', () => {
    expect(resolveHomePath('../etc/passwd').ok).toBe(false)
    expect(resolveHomePath('a/../../b').ok).toBe(false)
    expect(resolveHomePath('sub/file.pem').ok).toBe(false)
  })
})

describe('output pacing', () => {
  it('splits after each newline and keeps a trailing prompt', () => {
    expect(splitLines('a\nb\n[x] lunash:>')).toEqual(['a\n', 'b\n', '[x] lunash:>'])
  })

  it('turns bare LF into CRLF without doubling existing CRLF', () => {
    expect(toCrlf('a\nb\r\nc')).toBe('a\r\nb\r\nc')
  })

  it('writes straight through without faults and stops at the byte budget', () => {
    const written: string[] = []
    let dropped = 0
    let faults = {}
    const pacer = new OutputPacer({
      write: (chunk) => written.push(chunk.toString()),
      faults: () => faults,
      onByteLimit: () => dropped++,
    })
    pacer.push('hello\n')
    expect(written).toEqual(['hello\n'])
    faults = { disconnectAfterBytes: 10 }
    pacer.push('world, this is long\n')
    pacer.push('never')
    expect(written.join('')).toBe('hello\nworl')
    expect(dropped).toBe(1)
  })

  it('holds each line for the latency, in order', async () => {
    const written: [string, number][] = []
    const start = Date.now()
    const pacer = new OutputPacer({
      write: (chunk) => written.push([chunk.toString(), Date.now() - start]),
      faults: () => ({ latencyMs: 30 }),
      onByteLimit: () => {},
    })
    pacer.push('one\ntwo\n')
    pacer.push('three')
    await pacer.flushed()
    expect(written.map(([text]) => text)).toEqual(['one\n', 'two\n', 'three'])
    expect(written[2]![1]).toBeGreaterThanOrEqual(80)
  })
})

describe('Chrystoki.conf', () => {
  const sample = [
    'Chrystoki2 = {',
    '   LibUNIX = /usr/lib/libCryptoki2.so;',
    '}',
    'CardReader = { RemoteCommand = 1; }',
    'LunaSA Client = {',
    '   ReceiveTimeout = 20000;',
    '   ServerName00 = 10.121.229.201;',
    '   ServerPort00 = 1792;',
    '   ServerHtl00 = 0;',
    '}',
    '',
  ].join('\n')

  it('parses the Unix syntax, including one-line sections, and writes it back', () => {
    const conf = ChrystokiConf.parse(sample)
    expect(conf.get('CardReader', 'RemoteCommand')).toBe('1')
    expect(listServers(conf)).toEqual([{ index: '00', name: '10.121.229.201', port: 1792, htl: false }])
    expect(ChrystokiConf.parse(conf.toString()).toString()).toBe(conf.toString())
  })

  it('adds at the first unused or blank index and blanks on delete', () => {
    const conf = ChrystokiConf.parse(sample)
    expect(addServerEntry(conf, 'hsm2', 1793, true)).toBe('01')
    blankServerEntry(conf, '00')
    expect(conf.toString()).toContain('   ServerName00 = ;\n')
    expect(listServers(conf).map((server) => server.name)).toEqual(['hsm2'])
    expect(firstFreeIndex(conf)).toBe('00')
  })
})

describe('vtl command line', () => {
  it('accepts any unambiguous prefix, case-insensitively', () => {
    expect(resolveCommand('ver')).toBe('verify')
    expect(resolveCommand('createcert')).toBe('createCert')
    expect(resolveCommand('list')).toBeUndefined()
    expect(resolveCommand('listsl')).toBe('listSlots')
  })

  it('takes option values and flags', () => {
    const args = parseArgs(['-n', '10.0.0.1', '-c', 'server.pem', '-htl'], ['htl'])
    expect(args.options.get('n')).toBe('10.0.0.1')
    expect(args.options.get('htl')).toBe('')
  })
})

describe('state files of several appliances', () => {
  it('get a -N suffix before the extension', () => {
    expect(suffixed('/tmp/luna.json', 2)).toBe('/tmp/luna-2.json')
    expect(suffixed('/tmp/luna', 3)).toBe('/tmp/luna-3')
  })
})
