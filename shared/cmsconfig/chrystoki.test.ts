import { describe, expect, it } from 'vitest'
import {
  ChrystokiParseError,
  cryptokiLibraryFromChrystoki,
  lunaClientSettings,
  parseChrystoki,
} from './chrystoki'

const UNIX = `Chrystoki2 = {
   LibUNIX = /usr/lib/libCryptoki2.so;
   LibUNIX64 = /usr/lib/libCryptoki2_64.so;
}
Luna = {
  DefaultTimeOut = 500000;
}
LunaSA Client = {
   ReceiveTimeout = 20000;
   ClientPrivKeyFile = /usr/safenet/lunaclient/cert/client/10.0.0.5Key.pem;
   ClientCertFile = /usr/safenet/lunaclient/cert/client/10.0.0.5.pem;
   ServerCAFile = /usr/safenet/lunaclient/cert/server/CAFile.pem;
   NetClient = 1;
   ServerName00 = 10.121.229.201;
   ServerPort00 = 1792;
   ServerHtl00 = 0;
   ServerName01 = ;
   ServerName02 = hsm2.example.com;
   ServerPort02 = 1793;
}
`

const WINDOWS = [
  '[Chrystoki2]',
  'LibNT=C:\\Program Files\\SafeNet\\LunaClient\\cryptoki.dll',
  '[LunaSA Client]',
  'ClientCertFile=C:\\Program Files\\SafeNet\\LunaClient\\cert\\client\\cms.pem',
  'ServerName00=server1',
  'ServerPort00=1792',
  '',
].join('\r\n')

describe('Chrystoki.conf and crystoki.ini', () => {
  it('reads the library, the client certificate and the servers from the Unix form (§3.9)', () => {
    const conf = parseChrystoki(UNIX)
    expect(cryptokiLibraryFromChrystoki(conf, 'linux')).toBe('/usr/lib/libCryptoki2_64.so')
    expect(lunaClientSettings(conf)).toEqual({
      clientCertFile: '/usr/safenet/lunaclient/cert/client/10.0.0.5.pem',
      clientPrivKeyFile: '/usr/safenet/lunaclient/cert/client/10.0.0.5Key.pem',
      serverCaFile: '/usr/safenet/lunaclient/cert/server/CAFile.pem',
      servers: [
        { index: '00', name: '10.121.229.201', port: 1792 },
        { index: '02', name: 'hsm2.example.com', port: 1793 },
      ],
    })
  })

  it('reads the Windows INI form with CRLF', () => {
    const conf = parseChrystoki(WINDOWS)
    expect(cryptokiLibraryFromChrystoki(conf, 'win32')).toBe(
      'C:\\Program Files\\SafeNet\\LunaClient\\cryptoki.dll',
    )
    expect(cryptokiLibraryFromChrystoki(conf, 'linux')).toBeUndefined()
    expect(lunaClientSettings(conf).servers).toEqual([{ index: '00', name: 'server1', port: 1792 }])
  })

  it('reads a section written on one line', () => {
    const conf = parseChrystoki('CardReader = { RemoteCommand = 1; }\nChrystoki2 = { LibUNIX64 = /l.so; }\n')
    expect(cryptokiLibraryFromChrystoki(conf, 'linux')).toBe('/l.so')
  })

  it('refuses a broken file with the line', () => {
    expect(() => parseChrystoki('Chrystoki2 = {\n  LibUNIX64 = /x.so;\n')).toThrow(ChrystokiParseError)
    expect(() => parseChrystoki('LibUNIX64 = /x.so;\n')).toThrow(/line 1 sets a value outside any section/)
  })
})
