/**
 * For random secrets through every secret-bearing option and every secret question of shared/secret-table.ts,
 * typed at a terminal of random width (its echo wrapped at the edge in each way terminals do), with the
 * operator's keystrokes and the appliance's output cut into random chunks, the transcript the console writes
 * never holds the secret: not on one line, and not split over the lines of a wrapped echo.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { secretTable, type SecretCommand } from '../../shared/secret-table'
import { echoConsole, type Echo, type Wrap } from '../../tests/support/echo-console'
import { clearSecretsForTests } from '../vault/redact'

const root = mkdtempSync(join(tmpdir(), 'rackside-redaction-property-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let runs = 0
/** Runs per property; REDACTION_RUNS=20000 for a longer hunt. */
const RUNS = Number(process.env.REDACTION_RUNS ?? 400)

const DASHES = ['-', '--', '\u2013', '\u2014', '\u2010', '\u2212', '\uFF0D', '-\u2013', '\u2013\u2013']
const WRAPS: Wrap[] = ['autowrap', 'crlf', 'space-cr', 'cr']

/** The prompt a command of this tool is typed at. */
const promptOf = (row: SecretCommand): string =>
  row.tool === 'lunash' ? '[rack7] lunash:>' : row.tool === 'lunacm' ? 'lunacm:>' : 'op@cms01:~$ '

/** The command as typed: lunash and lunacm commands bare, the others after their program. */
const commandOf = (row: SecretCommand, dashedSubcommand: boolean): string =>
  row.tool === 'lunash' || row.tool === 'lunacm'
    ? row.words.join(' ')
    : [row.tool, ...row.words.map((w, k) => (k > 0 && dashedSubcommand ? `-${w}` : w))].join(' ')

/** Every option name the row knows: secret or not, what an abbreviation must not be confused with. */
const namesOf = (row: SecretCommand): string[] => [
  ...row.secrets.flatMap((s) => [s.name, ...(s.short ?? [])]),
  ...(row.options ?? []),
]

/** The spellings the appliance would accept: every prefix down to the shortest unambiguous one, and the short forms. */
function spellings(row: SecretCommand, name: string, short: readonly string[]): string[] {
  const others = namesOf(row).filter((n) => n !== name)
  const out = [...short]
  for (let k = name.length; k >= 1; k--) {
    const prefix = name.slice(0, k)
    if (others.some((o) => o.startsWith(prefix) && o !== prefix) && k < name.length) break
    out.push(prefix)
  }
  return [...new Set(out)]
}

/** Every (row, option spelling) pair of the table. */
const optionCases = secretTable.commands.flatMap((row) =>
  row.secrets.flatMap((secret) =>
    spellings(row, secret.name, secret.short ?? []).map((spelling) => ({ row, spelling })),
  ),
)

/** One question text for each secret question of the table (and a few the table's generic rules catch). */
const QUESTIONS = [
  "Please enter the HSM Administrators' password:",
  'Please enter a password for the HSM Administrator:',
  'Please re-enter password to confirm:',
  'Please enter a cloning domain to use for initializing this HSM:',
  'Please enter the cloning domain to use for initializing this HSM (press <enter> to use the default domain):',
  'Please re-enter cloning domain to confirm:',
  'Please enter a password for the partition:',
  'Please enter a cloning domain to use when creating this partition:',
  'Please enter the password for the partition:',
  'Please enter the current password for the partition:',
  'Please enter the new password for the partition:',
  'Please re-enter the new password to confirm:',
  '(current) UNIX password:',
  'Enter new password:',
  'New password:',
  'Retype new password:',
  'Re-type new password:',
  'Password:',
  "admin@10.0.0.7's password:",
  'Enter password for Partition SO:',
  'Re-enter password for Partition SO:',
  "  Please enter the Crypto Officer's password:",
  "Enter passphrase for key '/home/op/.ssh/id_ed25519':",
  'Please enter the partition challenge:',
  'Enter the challenge:',
  'Enter SO PIN:',
  'User PIN:',
  'Enter the domain:',
  'Domain:',
]

/** Printable ASCII, 4 to 64 characters, at least 4 of them not spaces. */
const secretText = fc
  .string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    minLength: 4,
    maxLength: 64,
  })
  .filter((s) => s.trim().length >= 4)

/** How a value is written after its option, if the option syntax can carry it at all. */
function written(secret: string, quoting: number): string | undefined {
  const bare = !/[\s"'\\“”‘’„«»]/.test(secret) && !/^-/.test(secret)
  const forms = [
    bare ? secret : undefined,
    !/["\\”“]/.test(secret) ? `"${secret}"` : undefined,
    !/['‘’]/.test(secret) ? `'${secret}'` : undefined,
  ].filter((f): f is string => f !== undefined)
  return forms.length > 0 ? forms[quoting % forms.length] : undefined
}

const randomCase = (text: string, mask: number): string =>
  [...text].map((ch, k) => ((mask >> k % 30) & 1 ? ch.toUpperCase() : ch)).join('')

/** Splits `text` at the given offsets (taken modulo its length). */
function cut(text: string, cuts: readonly number[]): string[] {
  const at = [...new Set(cuts.map((c) => c % Math.max(1, text.length)))]
    .filter((c) => c > 0)
    .sort((a, b) => a - b)
  return [0, ...at].map((from, k) => text.slice(from, at[k] ?? text.length)).filter(Boolean)
}

const terminal = fc.record({
  width: fc.integer({ min: 20, max: 250 }),
  wrap: fc.constantFrom(...WRAPS),
  typing: fc.array(fc.nat(400), { maxLength: 12 }),
  delivery: fc.array(fc.array(fc.nat(400), { maxLength: 4 }), { maxLength: 12 }),
  paste: fc.boolean(),
})

/** Plays a run: the operator's keys cut into pieces, each followed by a delivery of some of the output. */
async function play(
  t: { width: number; wrap: Wrap; typing: number[]; delivery: number[][]; paste: boolean },
  scene: (c: Awaited<ReturnType<typeof echoConsole>>, typeKeys: (keys: string, echo: Echo) => void) => void,
): Promise<{ file: string; joined: string }> {
  clearSecretsForTests()
  const dir = join(root, String(runs++))
  const c = await echoConsole({ dir, width: t.width, wrap: t.wrap })
  let delivery = 0
  const typeKeys = (keys: string, echo: Echo): void => {
    for (const piece of cut(keys, t.typing)) {
      c.type(piece, echo)
      c.deliver(t.delivery[delivery++ % Math.max(1, t.delivery.length)] ?? [])
    }
  }
  scene(c, typeKeys)
  c.close()
  return { file: readFileSync(c.file, 'utf8'), joined: c.lines().join('') }
}

describe('no secret reaches the transcript', () => {
  it('covers every question of the table with a sample', () => {
    for (const prompt of secretTable.prompts)
      expect(
        QUESTIONS.some((q) => prompt.pattern.test(q)),
        `no sample question for ${prompt.pattern}`,
      ).toBe(true)
  })

  it('through every secret-bearing option, at any width, however keys and echo are cut', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...optionCases),
        secretText,
        terminal,
        fc.record({
          dash: fc.constantFrom(...DASHES),
          equals: fc.boolean(),
          quoting: fc.nat(5),
          caseMask: fc.nat(),
          dashedSubcommand: fc.boolean(),
          before: fc.boolean(),
          after: fc.boolean(),
        }),
        async ({ row, spelling }, secret, t, how) => {
          const value = written(secret, how.quoting)
          fc.pre(value !== undefined)
          const option = `${how.dash}${randomCase(spelling, how.caseMask)}`
          const other = row.options?.find((o) => o.length > 2 && !['force', 'defaultdomain'].includes(o))
          const line = [
            commandOf(row, how.dashedSubcommand),
            how.before && other ? `-${other} rack7` : '',
            how.equals ? `${option}=` : `${option} `,
          ]
            .filter(Boolean)
            .join(' ')
          const scaffold = `${promptOf(row)}${line} -force [redacted]\r\nCommand Result : 0 (Success)2026-`
          fc.pre(!scaffold.includes(secret))
          const keys = `${line}${t.paste ? `\x1b[200~${value}\x1b[201~` : value}${how.after ? ' -force' : ''}\r`
          const { file, joined } = await play(t, (c, typeKeys) => {
            c.print(promptOf(row))
            c.deliver()
            typeKeys(keys, 'clear')
            c.print('\r\nCommand Result : 0 (Success)\r\n')
          })
          expect(file).not.toContain(secret)
          expect(joined).not.toContain(secret)
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('through every secret question, answered on its line or on the next, echoed or not', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...QUESTIONS),
        secretText,
        terminal,
        fc.constantFrom<Echo>('clear', 'mask', 'none'),
        fc.boolean(),
        async (question, secret, t, echo, twoLine) => {
          const asked = twoLine ? `\r\n${question}\r\n> ` : `\r\n${question} `
          fc.pre(
            !`[rack7] lunash:>hsm login${asked}[redacted]Command Result : 0 (Success)2026-`.includes(secret),
          )
          const { file, joined } = await play(t, (c, typeKeys) => {
            c.print('[rack7] lunash:>')
            c.deliver()
            typeKeys('hsm login\r', 'clear')
            c.print(asked)
            // The operator answers what the screen shows.
            c.deliver()
            typeKeys(`${t.paste ? `\x1b[200~${secret}\x1b[201~` : secret}\r`, echo)
            c.print("\r\n'hsm login' successful.\r\n\r\nCommand Result : 0 (Success)\r\n[rack7] lunash:>")
          })
          expect(file).not.toContain(secret)
          expect(joined).not.toContain(secret)
        },
      ),
      { numRuns: RUNS },
    )
  })
})
