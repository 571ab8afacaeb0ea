import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ConfigFileCorruptError, decodeConfigText, encodeConfigText } from './codec'
import { InvalidSlotChoiceError, cmsSlotIniTemplate, planCmsSlotIni, planPkcs11Cfg } from './cms'
import { unifiedDiff } from './diff'
import { parseConfig, renderConfig } from './lines'

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)
const utf8bom = (s: string): Uint8Array => Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8(s)])
const utf16le = (s: string): Uint8Array => {
  const out = new Uint8Array(2 + s.length * 2)
  out[0] = 0xff
  out[1] = 0xfe
  for (let i = 0; i < s.length; i++) {
    out[2 + 2 * i] = s.charCodeAt(i) & 0xff
    out[3 + 2 * i] = s.charCodeAt(i) >> 8
  }
  return out
}
const latin1 = (s: string): Uint8Array => Uint8Array.from([...s].map((c) => c.charCodeAt(0)))

const CRLF_INI = [
  '; ActivID CMS: which HSM slot to open',
  '[CMS]',
  'Unknown=keep me ; exactly',
  '  TokenName = old_par   ',
  ';SlotID=1',
  '',
  '[Other]',
  'x = 1',
  '',
].join('\r\n')

/** The corpus: every shape a CMS server's files may have. */
const corpus: Record<string, Uint8Array> = {
  'CRLF with comments and unknown keys': utf8(CRLF_INI),
  'UTF-16LE with BOM': utf16le(CRLF_INI),
  'UTF-8 with BOM, LF': utf8bom(CRLF_INI.replace(/\r\n/g, '\n')),
  'duplicate keys and sections': utf8('[CMS]\nTokenName=a\nTokenName=b\n[CMS]\ntokenname=c\n'),
  'no trailing newline': utf8('[CMS]\r\nSlotID=3'),
  'mixed line endings': utf8('[CMS]\r\nA=1\nB=2\rTokenName=x\r\n'),
  '8-bit (ANSI) with é in a comment': latin1('; Réglage du slot\r\n[CMS]\r\nSlotID=1\r\n'),
  'empty file': new Uint8Array(),
  'only comments': utf8('; nothing here yet\r\n'),
  'tabs and odd spacing': utf8('\t[ CMS ]\t; trailing\r\n\tTokenName\t=\tpar\t\r\n'),
}

function roundTrip(bytes: Uint8Array, dialect: 'ini' | 'cfg' = 'ini'): Uint8Array {
  const decoded = decodeConfigText(bytes)
  const doc = parseConfig(decoded.text, dialect)
  return encodeConfigText({ ...decoded, text: renderConfig(doc) })
}

describe('the INI round-trip corpus', () => {
  for (const [name, bytes] of Object.entries(corpus)) {
    it(`gives back every byte when nothing changes: ${name}`, () => {
      expect(roundTrip(bytes)).toEqual(bytes)
    })
  }

  it('gives back every byte of any file made of valid lines, whatever the line endings', () => {
    const line = fc.oneof(
      fc.constantFrom('', '   ', '; comment', '# hash comment', '[Section]', ' [Sec two] ; c'),
      fc
        .tuple(
          fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.]{0,10}$/),
          fc.stringMatching(/^[ \t]{0,2}$/),
          fc.string(),
        )
        // eslint-disable-next-line no-control-regex -- generated values must stay free of control characters
        .map(([k, sp, v]) => `${k}${sp}=${sp}${v.replace(/[\u0000-\u001f\u007f]/g, '')}`),
    )
    const eol = fc.constantFrom('\r\n', '\n', '\r')
    fc.assert(
      fc.property(
        fc.array(fc.tuple(line, eol), { maxLength: 30 }),
        fc.boolean(),
        fc.boolean(),
        (lines, open, bom) => {
          let text = lines.map(([l, e]) => l + e).join('')
          if (open && lines.length) text += lines[0]![0]
          // A bare CR inside a line would end it; keep generated text within the grammar.
          for (const bytes of [bom ? utf8bom(text) : utf8(text), utf16le(text)])
            expect(roundTrip(bytes)).toEqual(bytes)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('is byte-identical when the file already says what is asked', () => {
    for (const [bytes, choice] of [
      [corpus['CRLF with comments and unknown keys']!, { by: 'token-name', tokenName: 'old_par' }],
      [corpus['UTF-16LE with BOM']!, { by: 'token-name', tokenName: 'old_par' }],
      [corpus['no trailing newline']!, { by: 'slot-id', slotId: 3 }],
    ] as const) {
      const plan = planCmsSlotIni(bytes, choice)
      expect(plan.changed).toBe(false)
      expect(plan.after).toBe(bytes)
      expect(plan.diff).toBe('')
    }
  })
})

describe('cmsslot.ini edits change only the intended bytes', () => {
  it('replaces the TokenName value in place, keeping indentation, spacing, comments and CRLF', () => {
    const plan = planCmsSlotIni(corpus['CRLF with comments and unknown keys']!, {
      by: 'token-name',
      tokenName: 'cms_par1',
    })
    expect(plan.after).toEqual(utf8(CRLF_INI.replace('old_par', 'cms_par1')))
    expect(plan.changes).toEqual(['Line 4: TokenName changes from "old_par" to "cms_par1".'])
    expect(plan.diff).toBe(
      [
        '--- a/cmsslot.ini',
        '+++ b/cmsslot.ini',
        '@@ -1,7 +1,7 @@',
        ' ; ActivID CMS: which HSM slot to open',
        ' [CMS]',
        ' Unknown=keep me ; exactly',
        '-  TokenName = old_par   ',
        '+  TokenName = cms_par1   ',
        ' ;SlotID=1',
        ' ',
        ' [Other]',
        '',
      ].join('\n'),
    )
  })

  it('keeps a UTF-16LE file UTF-16LE with its BOM', () => {
    const plan = planCmsSlotIni(corpus['UTF-16LE with BOM']!, { by: 'token-name', tokenName: 'cms_par1' })
    expect(plan.encoding).toBe('utf-16le')
    expect(plan.after).toEqual(utf16le(CRLF_INI.replace('old_par', 'cms_par1')))
  })

  it('keeps a UTF-8 BOM and LF endings', () => {
    const plan = planCmsSlotIni(corpus['UTF-8 with BOM, LF']!, { by: 'token-name', tokenName: 'p2' })
    expect(plan.after).toEqual(utf8bom(CRLF_INI.replace(/\r\n/g, '\n').replace('old_par', 'p2')))
  })

  it('choosing SlotID enables the commented template line and comments out TokenName', () => {
    const plan = planCmsSlotIni(corpus['CRLF with comments and unknown keys']!, { by: 'slot-id', slotId: 7 })
    expect(plan.after).toEqual(
      utf8(
        CRLF_INI.replace('  TokenName = old_par   ', ';  TokenName = old_par   ').replace(
          ';SlotID=1',
          'SlotID=7',
        ),
      ),
    )
    expect(plan.changes).toHaveLength(2)
  })

  it('sets every duplicate of the key (case-insensitive, across repeated sections) and says so', () => {
    const plan = planCmsSlotIni(corpus['duplicate keys and sections']!, { by: 'token-name', tokenName: 'z' })
    expect(plan.after).toEqual(utf8('[CMS]\nTokenName=z\nTokenName=z\n[CMS]\ntokenname=z\n'))
    expect(plan.warnings.join(' ')).toMatch(/TokenName appears 3 times \(lines 2, 3, 5\)/)
  })

  it('keeps a missing final newline missing', () => {
    const plan = planCmsSlotIni(corpus['no trailing newline']!, { by: 'slot-id', slotId: 12 })
    expect(plan.after).toEqual(utf8('[CMS]\r\nSlotID=12'))
    const added = planCmsSlotIni(utf8('[CMS]\r\nOther=1'), { by: 'token-name', tokenName: 'par' })
    expect(added.after).toEqual(utf8('[CMS]\r\nOther=1\r\nTokenName=par'))
    expect(added.diff).toContain(
      '-Other=1\n\\ No newline at end of file\n+Other=1\n+TokenName=par\n\\ No newline at end of file',
    )
  })

  it('keeps mixed line endings and adds new lines with the file’s first one', () => {
    const plan = planCmsSlotIni(corpus['mixed line endings']!, { by: 'slot-id', slotId: 2 })
    expect(plan.after).toEqual(utf8('[CMS]\r\nA=1\nB=2\r;TokenName=x\r\nSlotID=2\r\n'))
  })

  it('writes a non-ASCII label into an 8-bit file only if it fits, and keeps the é', () => {
    const plan = planCmsSlotIni(corpus['8-bit (ANSI) with é in a comment']!, { by: 'slot-id', slotId: 4 })
    expect(plan.encoding).toBe('8-bit')
    expect(plan.after).toEqual(latin1('; Réglage du slot\r\n[CMS]\r\nSlotID=4\r\n'))
    expect(() =>
      planCmsSlotIni(corpus['8-bit (ANSI) with é in a comment']!, {
        by: 'token-name',
        tokenName: 'partition€',
      }),
    ).toThrow(/cannot hold/)
  })

  it('adds a [Slot] section of its own to a file with no section, and warns that the layout is unverified', () => {
    const plan = planCmsSlotIni(corpus['only comments']!, { by: 'token-name', tokenName: 'par' })
    expect(plan.after).toEqual(utf8('; nothing here yet\r\n[Slot]\r\nTokenName=par\r\n'))
    expect(plan.warnings.join(' ')).toMatch(/not publish the layout/)
  })

  it('adds the key to the end of the first section when neither key is there', () => {
    const plan = planCmsSlotIni(utf8('[CMS]\r\nA=1\r\n\r\n; next\r\n[B]\r\nC=2\r\n'), {
      by: 'slot-id',
      slotId: 0,
    })
    expect(plan.after).toEqual(utf8('[CMS]\r\nA=1\r\nSlotID=0\r\n\r\n; next\r\n[B]\r\nC=2\r\n'))
  })

  it('refuses values an INI reader would not give back', () => {
    const ini = corpus['CRLF with comments and unknown keys']!
    expect(() => planCmsSlotIni(ini, { by: 'token-name', tokenName: 'a\nSlotID=1' })).toThrow(
      InvalidSlotChoiceError,
    )
    expect(() => planCmsSlotIni(ini, { by: 'token-name', tokenName: ' par' })).toThrow(/space/)
    expect(() => planCmsSlotIni(ini, { by: 'token-name', tokenName: 'x'.repeat(33) })).toThrow(/32/)
    expect(() => planCmsSlotIni(ini, { by: 'slot-id', slotId: -1 })).toThrow(InvalidSlotChoiceError)
    expect(() => planCmsSlotIni(ini, { by: 'slot-id', slotId: 1.5 })).toThrow(InvalidSlotChoiceError)
  })
})

describe('a corrupt file is refused with the line, never repaired', () => {
  const cases: [string, Uint8Array, number, RegExp][] = [
    [
      'a line that is not INI',
      utf8('[CMS]\r\nTokenName=a\r\nthis is not ini\r\n'),
      3,
      /neither a \[section\]/,
    ],
    ['an unclosed section header', utf8('[CMS\r\n'), 1, /does not close it/],
    [
      'binary garbage',
      Uint8Array.from([0x5b, 0x41, 0x5d, 0x0a, 0x00, 0xff, 0x13, 0x37, 0x0a]),
      2,
      /binary data/,
    ],
    [
      'UTF-16LE with an odd number of bytes',
      Uint8Array.from([...utf16le('[A]\r\nB=1\r\n'), 0x41]),
      3,
      /odd number/,
    ],
    ['UTF-16LE with a lone surrogate', utf16le('[A]\r\nB=\ud800x\r\n'), 2, /unpaired surrogate/],
    [
      'invalid UTF-8 after a UTF-8 BOM',
      Uint8Array.from([0xef, 0xbb, 0xbf, 0x41, 0x0a, 0xc3, 0x28]),
      2,
      /not valid UTF-8/,
    ],
  ]
  for (const [name, bytes, line, reason] of cases) {
    it(`names line ${line}: ${name}`, () => {
      const copy = bytes.slice()
      let error: unknown
      try {
        planCmsSlotIni(bytes, { by: 'slot-id', slotId: 1 })
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(ConfigFileCorruptError)
      expect((error as ConfigFileCorruptError).line).toBe(line)
      expect((error as Error).message).toMatch(reason)
      expect((error as Error).message).toMatch(
        new RegExp(`^cmsslot.ini cannot be edited safely: line ${line} `),
      )
      expect((error as Error).message).toMatch(/left the file unchanged/)
      expect(bytes).toEqual(copy)
    })
  }
})

const CFG = [
  '# SunPKCS11 configuration for ActivID CMS',
  'name = LunaSA',
  'library = "C:\\Program Files\\SafeNet\\LunaClient\\cryptoki.dll"',
  'slotListIndex = 0',
  'attributes(generate, *, *) = {',
  '  CKA_TOKEN = true',
  '}',
  'slot = 1 # set by the installer',
  '',
].join('\r\n')

describe('pkcs11.cfg', () => {
  it('round-trips a SunPKCS11 file with a block, quotes and inline comments', () => {
    expect(roundTrip(utf8(CFG), 'cfg')).toEqual(utf8(CFG))
  })

  it('changes only the slot value, keeps its comment, and comments out slotListIndex', () => {
    const plan = planPkcs11Cfg(utf8(CFG), 5)
    expect(plan.after).toEqual(
      utf8(CFG.replace('slot = 1 #', 'slot = 5 #').replace('slotListIndex = 0', '# slotListIndex = 0')),
    )
    expect(plan.changes).toEqual([
      'Line 8: slot changes from "1" to "5".',
      'Line 4: slotListIndex is commented out (SunPKCS11 refuses slot and slotListIndex together).',
    ])
  })

  it('adds slot= after the last setting, in the file’s spacing style, when there is none', () => {
    const plan = planPkcs11Cfg(utf8('name = LunaSA\r\n# end\r\n'), 3)
    expect(plan.after).toEqual(utf8('name = LunaSA\r\nslot = 3\r\n# end\r\n'))
    expect(planPkcs11Cfg(utf8('name=x'), 3).after).toEqual(utf8('name=x\r\nslot=3'))
    expect(planPkcs11Cfg(new Uint8Array(), 9).after).toEqual(utf8('slot=9\r\n'))
  })

  it('refuses an unbalanced block or a line that is not a setting, naming the line', () => {
    expect(() => planPkcs11Cfg(utf8('name = x\nattributes = {\n  CKA_TOKEN = true\n'), 1)).toThrow(
      /line 3 ends the file inside/,
    )
    expect(() => planPkcs11Cfg(utf8('name = x\n}\n'), 1)).toThrow(/line 2 closes a \{ block \}/)
    expect(() => planPkcs11Cfg(utf8('name = x\njust words\n'), 1)).toThrow(/line 2 is neither/)
  })
})

describe('the diff preview', () => {
  it('shows separate hunks for distant changes and nothing for equal texts', () => {
    const a = Array.from({ length: 20 }, (_, i) => `k${i}=${i}`).join('\n') + '\n'
    const b = a.replace('k2=2', 'k2=X').replace('k17=17', 'k17=Y')
    const d = unifiedDiff(a, b, 'a/f', 'b/f')
    expect(d.match(/^@@/gm)).toHaveLength(2)
    expect(d).toContain('@@ -1,6 +1,6 @@\n k0=0\n k1=1\n-k2=2\n+k2=X\n k3=3')
    expect(d).toContain('-k17=17\n+k17=Y')
    expect(unifiedDiff(a, a, 'a/f')).toBe('')
  })
})

describe('the cmsslot.ini template', () => {
  it('is a CRLF file this module can read and edit again', () => {
    const t = cmsSlotIniTemplate({ by: 'slot-id', slotId: 2 })
    expect(new TextDecoder().decode(t)).toMatch(/\r\n\[Slot\]\r\nSlotID=2\r\n$/)
    expect(planCmsSlotIni(t, { by: 'slot-id', slotId: 2 }).changed).toBe(false)
    expect(new TextDecoder().decode(planCmsSlotIni(t, { by: 'token-name', tokenName: 'p' }).after)).toMatch(
      /\[Slot\]\r\n;SlotID=2\r\nTokenName=p\r\n$/,
    )
  })
})
