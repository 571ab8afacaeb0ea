/**
 * The one table of everything that carries a secret through a console: the command-line options that take one
 * (lunash and lunacm from shared/lunash/commands/secret-options.ts, vtl from shared/vtl/secret-options.ts, and
 * the client-side tools an operator may run in the tools console) and the prompts that ask for one (each
 * password prompt of the lunash command rows, plus the login, first-login, ssh and lunacm questions).
 * The transcript's redactor (electron/sessions) reads only this table, so a command row that gains a secret
 * gains its redaction.
 *
 * Spelling: an option may be written with one or two of any dash (- ‐ ‑ ‒ – — ― − －; word processors and
 * PDF guides turn `-` into `–`, and the HID guide prints `–password`), in any case, and abbreviated to any
 * prefix (lunash takes unambiguous prefixes; an ambiguous one is refused by the appliance, but the secret has
 * been echoed all the same, so every prefix counts). When in doubt an option is taken as secret: hiding a
 * partition name by mistake costs little, showing a password costs a lot.
 */
import { allCommands, type SecretId } from './lunash/commands'
import { lunashSecretCommands, type SecretCommand } from './lunash/commands/secret-options'
import { vtlSecretCommands } from './vtl/secret-options'

export type { SecretCommand, SecretOption } from './lunash/commands/secret-options'

/** Tools of the client side whose secrets go on the command line, when an operator types them by hand. */
const clientToolSecretCommands: readonly SecretCommand[] = [
  { tool: 'sshpass', words: [], secrets: [{ name: 'p' }], source: 'sshpass(1): -p password' },
  { tool: 'pscp', words: [], secrets: [{ name: 'pw' }], source: 'PuTTY pscp: -pw password' },
  { tool: 'plink', words: [], secrets: [{ name: 'pw' }], source: 'PuTTY plink: -pw password' },
  {
    tool: 'pkcs11-tool',
    words: [],
    secrets: [{ name: 'pin' }, { name: 'so-pin' }, { name: 'new-pin' }, { name: 'puk' }],
    options: ['module', 'slot', 'login', 'l', 'list-slots', 'list-objects', 'o', 'O', 'token-label'],
    source: 'OpenSC pkcs11-tool(1): --pin, --so-pin, --new-pin, --puk',
  },
  {
    tool: 'softhsm2-util',
    words: [],
    secrets: [{ name: 'pin' }, { name: 'so-pin' }],
    options: ['init-token', 'slot', 'label', 'free', 'show-slots', 'module'],
    source: 'softhsm2-util(1): --pin, --so-pin',
  },
  {
    tool: 'openssl',
    words: [],
    secrets: [{ name: 'passin' }, { name: 'passout' }, { name: 'pass' }, { name: 'k' }, { name: 'password' }],
    options: [
      'in',
      'out',
      'new',
      'key',
      'x509',
      'days',
      'subj',
      'nodes',
      'noout',
      'text',
      'inform',
      'outform',
    ],
    source: 'openssl(1): -passin, -passout, -pass, enc -k',
  },
  {
    tool: 'ssh-keygen',
    words: [],
    secrets: [{ name: 'n' }, { name: 'p' }],
    options: ['t', 'b', 'f', 'c', 'l', 'e', 'i', 'y'],
    source: 'ssh-keygen(1): -N new passphrase, -P old passphrase',
  },
  { tool: 'cmu', words: [], secrets: [{ name: 'password' }], source: 'Luna cmu: -password' },
]

export interface SecretPrompt {
  /** Matches the question as the appliance or tool prints it. */
  pattern: RegExp
  /** The keychain item the runner answers it from, when a lunash row asks it. */
  secret?: SecretId
  source: string
}

/** Every lunash row's password prompt (the answers the runner types from the keychain). */
const commandPrompts: SecretPrompt[] = allCommands.flatMap((command) =>
  command.prompts.flatMap((prompt) =>
    prompt.kind === 'password'
      ? [{ pattern: prompt.pattern, secret: prompt.secret, source: `lunash row ${command.id}` }]
      : [],
  ),
)

/** The questions no command row types but a console shows: logins, password changes, lunacm and PED challenges. */
const consolePrompts: SecretPrompt[] = [
  { pattern: /^\s*Password:/i, source: 'login (reference §1.3)' },
  { pattern: /'s password:/i, source: "ssh: admin@<host>'s password: (S10)" },
  { pattern: /\(current\) UNIX password:/i, source: 'first login (reference §1.3)' },
  { pattern: /(?:Enter new|New|Re-?type new|Retype new) password:/i, source: 'password change (§1.3, S1)' },
  { pattern: /Enter password for Partition SO:/i, source: 'lunacm partition init (S13)' },
  { pattern: /Please enter the Crypto Officer's password:/i, source: 'par showContents (§2.6)' },
  { pattern: /Enter passphrase for key [^:]*:/i, source: 'ssh private key passphrase' },
  {
    pattern: /(?:^\s*|\b(?:enter|the|a|partition|your|new)\s+)challenge\b[^:\n]{0,80}:/i,
    source: 'partition challenge (PED-authenticated partitions)',
  },
  { pattern: /\bcloning domain\b[^:\n]{0,120}:/i, source: 'hsm init / partition create (S5, S6)' },
  {
    pattern: /(?:^\s*|\b(?:enter|so|user|co|new|old|current|the|your)\s+)PIN\s*:/i,
    source: 'PKCS#11 tools and PED PIN questions',
  },
]

/** The single table: every command-line option and every prompt that carries a secret. */
export const secretTable: {
  readonly commands: readonly SecretCommand[]
  readonly prompts: readonly SecretPrompt[]
} = {
  commands: [...lunashSecretCommands, ...vtlSecretCommands, ...clientToolSecretCommands],
  prompts: [...commandPrompts, ...consolePrompts],
}

/** Every dash a terminal may show at the start of an option, ASCII and typographic. */
export const DASHES = '\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D'
const dashRun = new RegExp(`^[${DASHES}]{1,2}`)
const innerDash = new RegExp(`[${DASHES}]`, 'g')

/** An option word: its name (lower case, dashes made ASCII) and, for `-opt=value` / `-opt:value`, where the value starts. */
export interface OptionWord {
  name: string
  /** Index in the word where an attached value begins (after `=` or `:`), if any. */
  valueAt?: number
}

const optionShape = new RegExp(`^[${DASHES}]{1,2}([A-Za-z][A-Za-z0-9_${DASHES}]*)?(?:([=:])|$)`)

/** Reads a word as an option (`-password`, `--password=x`, `–pw`, `-`); undefined when it is not one. */
export function optionWord(word: string): OptionWord | undefined {
  const m = optionShape.exec(word)
  if (!m) return undefined
  const name = (m[1] ?? '').replace(innerDash, '-').toLowerCase()
  return m[2] ? { name, valueAt: m[0].length } : { name }
}

/** A word with its leading dashes dropped (vtl's `-newGroup`, 4.x/5.3's `hsm -init`). */
const bare = (word: string): string => word.replace(dashRun, '').toLowerCase()

const tools = new Map<string, SecretCommand[]>()
for (const row of secretTable.commands) tools.set(row.tool, [...(tools.get(row.tool) ?? []), row])
/** lunash and lunacm commands are typed without a program name, at their own prompts. */
const shellRows = secretTable.commands.filter(
  (row) => (row.tool === 'lunash' || row.tool === 'lunacm') && row.words.length > 0,
)

/** Words that run the command after them. */
const wrappers = new Set(['sudo', 'env', 'exec', 'time', 'nohup', 'command', 'doas', 'nice'])
/** Options of those wrappers that take a value (`sudo -u root`). */
const wrapperValues = new Set(['-u', '-g', '-c', '-n', '-h', '-p', '-d'])

/** What a command line is, as far as secrets go. */
export interface CommandContext {
  /** The table rows of the command (for a program whose command is not in the table, all its rows). */
  rows: readonly SecretCommand[]
  /** Index of the word after the command's words, where its options begin. */
  argsFrom: number
}

const noCommand: CommandContext = { rows: [], argsFrom: 0 }

const matchesRow = (row: SecretCommand, words: readonly string[], from: number): boolean =>
  row.words.every((w, k) => {
    const typed = words[from + k]
    if (typed === undefined) return false
    const b = bare(typed)
    return b.length > 0 && w.startsWith(b)
  })

/** Finds the command of a line's words (plain words, quotes removed), skipping `sudo`, `env` and `VAR=x`. */
export function identifyCommand(words: readonly string[]): CommandContext {
  let i = 0
  while (i < words.length) {
    const w = words[i]!
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) i++
    else if (wrappers.has(w.toLowerCase())) {
      i++
      while (words[i]?.startsWith('-')) i += wrapperValues.has(words[i]!) ? 2 : 1
    } else break
  }
  const first = words[i]
  if (first === undefined) return noCommand
  const program = (first.split(/[\\/]/).pop() ?? '').toLowerCase().replace(/\.(?:exe|sh|bat|cmd)$/, '')
  const ofTool = tools.get(program)
  if (ofTool && program !== 'lunash') {
    const matched = ofTool.filter((row) => row.words.length > 0 && matchesRow(row, words, i + 1))
    // Options of the program itself (`lunacm -c`, `sshpass -p`) apply to all its commands.
    const general = ofTool.filter((row) => row.words.length === 0)
    const rows = matched.length > 0 ? [...matched, ...general] : general.length > 0 ? general : ofTool
    return { rows, argsFrom: i + 1 + Math.max(0, ...matched.map((row) => row.words.length)) }
  }
  const rows = shellRows.filter((row) => matchesRow(row, words, i))
  if (rows.length === 0) return noCommand
  return { rows, argsFrom: i + Math.max(...rows.map((row) => row.words.length)) }
}

/** Every secret name and short form in the table. */
const secretNames = new Set(
  secretTable.commands.flatMap((r) => r.secrets.flatMap((s) => [s.name, ...(s.short ?? [])])),
)
/** Their prefixes of three letters or more: `-pas`, `-sop`, `-dom` mean the same on any command that has them. */
const secretPrefixes = new Set(
  [...secretNames].flatMap((name) =>
    [...name].map((_, k) => name.slice(0, k + 1)).filter((p) => p.length >= 3),
  ),
)
/** Every non-secret option the rows name. */
const knownOptions = new Set(secretTable.commands.flatMap((r) => r.options ?? []))
/** Option names that hold one of these are taken as secret on any command (`-authpass`, `-tokenSOpw`). */
const secretStem = /pass|pwd|pw|pin|secret|challenge|domain|phrase|puk/

/**
 * Whether an option name carries a secret for any command (the table's floor, also for unknown commands):
 * 'any', or 'shell' for a bare `-p` (vtl, sshpass and hsm login use it for a password, but `mkdir -p`,
 * `ssh -p 22` and `scp -P` do not: its value is hidden where it stands, and not hunted for elsewhere).
 */
function secretAnywhere(name: string): 'any' | 'shell' | undefined {
  if (name === 'p') return 'shell'
  if (name.length >= 2 && secretNames.has(name)) return 'any'
  if (secretPrefixes.has(name)) return 'any'
  return secretStem.test(name) && !knownOptions.has(name) ? 'any' : undefined
}

/**
 * Whether the option `name` (from optionWord) of the command `context` is followed by a secret: 'command' when
 * the command's own row says so, 'any' when only the table's floor does (an unknown command, an option no row
 * names), 'shell' for `-p` on a command the table does not know; undefined when it carries no secret.
 */
export function secretOption(name: string, context: CommandContext): 'command' | 'any' | 'shell' | undefined {
  if (name.length === 0) return undefined
  for (const row of context.rows)
    for (const secret of row.secrets)
      if (secret.name.startsWith(name) || secret.short?.some((s) => s.startsWith(name))) return 'command'
  // A prefix of one of the command's own other options (`partition create -s` is -size) is not a secret.
  if (context.rows.some((row) => row.options?.some((o) => o.startsWith(name)))) return undefined
  return secretAnywhere(name)
}

export const isSecretOption = (name: string, context: CommandContext): boolean =>
  secretOption(name, context) !== undefined

/** Whether a dashed word may still grow into a secret option (the line wrapped in the middle of it). */
export function mayBecomeSecretOption(name: string, context: CommandContext): boolean {
  if (name.length === 0) return true
  if (isSecretOption(name, context)) return true
  for (const secret of secretNames) if (secret.startsWith(name)) return true
  return false
}

/** Whether the option `name` is one the command (or the table) knows as not secret: a flag or a plain value. */
export function isKnownOption(name: string, context: CommandContext): boolean {
  if (context.rows.some((row) => row.options?.includes(name))) return true
  return knownOptions.has(name) || ['force', 'f', 'v', 'verbose', 'help', 'h'].includes(name)
}

// ---------------------------------------------------------------------------------------------------------
// Prompts

const SECRET_WORD = /\b(?:pass(?:word|phrase|wd|code)?|pwd|pins?|challenge|domain|secret)\b/i
/** A shell's own prompt (lunash, lunacm, a Unix shell) is never a question, whatever the host is called. */
const SHELL_PROMPT = /(?:(?:lunash|lunacm):>|[$#]|^(?:PS )?[A-Za-z]:\\[^>]*>)\s*$/i
/** lunash and lunacm take the answer on the line below the question, after `> ` (or `->`). */
const ANSWER_MARKER = /^(\s*-?>\s?)/
const MASKS = /^[*•\s]*$/
/** A question that ends the line, the cursor after it: `Enter the partition challenge: `, `PIN? `. */
const WAITING_QUESTION = new RegExp(`${SECRET_WORD.source}[^:\\n]{0,120}(?::|\\?|-?>)\\s*$`, 'i')

/** Whether the line ends with a shell's prompt (lunash, lunacm, a Unix shell): no question is open. */
export const endsWithShellPrompt = (line: string): boolean => SHELL_PROMPT.test(line)

/** Every question of the table as one pattern (each line is tried once, not once per question). */
const TABLE_QUESTION = new RegExp(secretTable.prompts.map((p) => `(?:${p.pattern.source})`).join('|'), 'i')

/** Whether a line holds one of the table's secret questions (anywhere in it). */
function tableQuestion(line: string): RegExpExecArray | undefined {
  return TABLE_QUESTION.exec(line) ?? undefined
}

/** Whether `line` is a question for a secret (a line on its own: the two-line form's first line). */
export function isSecretQuestion(line: string): boolean {
  if (SHELL_PROMPT.test(line)) return false
  return SECRET_WORD.test(line) || tableQuestion(line) !== undefined
}

/**
 * Whether the console now waits for a secret: `line` is the unfinished last line (the cursor is on it), `above`
 * the line before. True for `Password: `, `(current) UNIX password: `, `Enter passphrase for key …: `, and for
 * lunash's `> ` under `Please enter a password for the HSM Administrator:`.
 */
export function asksForSecret(line: string, above: string | undefined): boolean {
  if (SHELL_PROMPT.test(line)) return false
  if (/^\s*-?>\s*$/.test(line)) return above !== undefined && isSecretQuestion(above)
  if (WAITING_QUESTION.test(line)) return true
  const m = tableQuestion(line)
  return m !== undefined && /^[\s:>?-]*$/.test(line.slice(m.index + m[0].length))
}

/** Questions whose answer, on the same line, is a secret even when nobody saw the question wait for it. */
const ANSWERED_ON_THE_LINE = [
  /^\s*(?:\(current\)\s+)?(?:(?:unix|ldap)\s+)?(?:(?:new|old|current|so|user|co|partition)\s+)?(?:password|passphrase|pin|passcode|challenge)\s*:\s*/i,
  /\b(?:enter|re-?enter|re-?type|retype|confirm|type)\b[^:]{0,80}?\b(?:password|passphrase|passwd|pins?|challenge|domain|secret|passcode)\b[^:]{0,80}:\s*/i,
  /'s password:\s*/i,
]

/**
 * Where the answer begins on a finished line that shows a secret question and its answer echoed in clear
 * (`Password: S3cret`, `> S3cret` under a password question); undefined when the line holds no such answer
 * (no question, no answer, or only the `*` a shell echoes per key).
 */
export function answerStart(line: string, above: string | undefined): number | undefined {
  // A question ends with `:` (or is lunash's `>` line); without one there is no answer on the line.
  if (!line.includes(':') && !line.includes('>')) return undefined
  if (SHELL_PROMPT.test(line)) return undefined
  const marker = ANSWER_MARKER.exec(line)
  if (marker && above !== undefined && isSecretQuestion(above)) {
    const at = marker[1]!.length
    return MASKS.test(line.slice(at)) ? undefined : at
  }
  const ends: number[] = []
  for (const pattern of ANSWERED_ON_THE_LINE) {
    const m = pattern.exec(line)
    if (m) ends.push(m.index + m[0].length)
  }
  const table = tableQuestion(line)
  if (table)
    ends.push(
      table.index +
        table[0].length +
        (/^\s*:?\s*/.exec(line.slice(table.index + table[0].length))?.[0].length ?? 0),
    )
  if (ends.length === 0) return undefined
  const at = Math.min(...ends)
  return MASKS.test(line.slice(at)) ? undefined : at
}
