/**
 * Lines a console server, a syslog broadcast or a noisy serial line put between a command's lines, for property
 * tests (tests only): real banners, and random text that begins with a character no lunash or vtl line begins with.
 */
import fc from 'fast-check'

const printable = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c))

export const unknownLine: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "Escape character is '^]'.",
    "[Enter `^Ec?' for help]",
    'Press RETURN to get started.',
    'Connection to console port 7 restored',
    '\x1b[7m--- console server port 12 (ttyS11) ---\x1b[0m',
    '*** NOTICE *** session resumed',
    '\t\t',
  ),
  fc
    .tuple(fc.constantFrom('~', '%', '<', '|', '^', '\\'), fc.string({ unit: printable, maxLength: 70 }))
    .map(([first, rest]) => first + rest),
)

/** `text` with each `[position, line]` inserted, positions taken modulo the number of places. */
export function insertLines(text: string, inserts: [number, string][]): string {
  const lines = text.split('\n')
  for (const [at, line] of inserts) lines.splice(at % (lines.length + 1), 0, line)
  return lines.join('\n')
}

/** One to five unknown lines at any positions. */
export const insertions: fc.Arbitrary<[number, string][]> = fc.array(fc.tuple(fc.nat(), unknownLine), {
  minLength: 1,
  maxLength: 5,
})

/** What a parser read, without the lines it reports as not understood. */
export function withoutUnrecognised(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value
  const { unrecognised: _unrecognised, ...rest } = value as Record<string, unknown>
  return rest
}
