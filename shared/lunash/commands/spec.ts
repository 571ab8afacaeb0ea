/**
 * Commands as data: one row per lunash command, read by the runner in electron/runner. A row says what is typed,
 * which interactive prompts the command may raise and how each is answered, how the output is parsed, and how the
 * new state is read back. Text is built only by `build()`, from validated fields, and is always one line.
 */
import { err, ok, type ParseError, type Result } from '../result'
import { singleLineField, type FieldError, type Validated } from '../validate'

/**
 * Appliance software eras: 4 is 3.x/4.x as the HID guide writes it (`net ...`, `sysconf -timezone -set`),
 * 5 and 6 are 5.x/6.x (lunash creates partitions), 7 is 7.x.
 */
export type Era = 4 | 5 | 6 | 7
export const ALL_ERAS: readonly Era[] = [4, 5, 6, 7]
/** The syntax a row's own `text` is written in: the newest. */
export const NEWEST_ERA: Era = 7

/** Which secret a password prompt wants; the secret provider maps it to a keychain item. */
export type SecretId =
  | 'appliance-current-password'
  | 'appliance-new-password'
  | 'hsm-so-password'
  | 'hsm-domain'
  | 'partition-password'
  | 'partition-new-password'
  | 'partition-domain'

/** A `proceed`/`quit` question. The runner never answers `proceed` itself: it asks the operator. */
export interface ConfirmPrompt<F> {
  kind: 'confirm'
  pattern: RegExp
  /** Destructive: the operator must type `expect` (the label, or `proceed`) in the app. */
  destructive: boolean
  /** What the operator must type to go ahead; defaults to `proceed`. */
  expect?: (fields: F) => string
  /** Shown to the operator above the appliance's own text: what happens if they go ahead. */
  warning: string
  /**
   * Declared only so that a question the appliance itself calls destructive is treated as such even where the
   * row expects none (a policy the known tables say is not destructive): the preview does not announce it.
   */
  guard?: true
}

/** A password prompt, answered from the secret provider; the answer is never logged or kept in the transcript. */
export interface PasswordPrompt {
  kind: 'password'
  pattern: RegExp
  secret: SecretId
  /** The prompt asks for the same secret again (`Please re-enter password to confirm`). */
  again?: boolean
}

/** A PED operation: the operator is shown the key colour and role and the runner waits (no inactivity timeout). */
export interface PedPrompt {
  kind: 'ped'
  pattern: RegExp
}

/** A question whose answer is a validated field, not a secret (the user name at a serial `login:` prompt). */
export interface AnswerPrompt<F> {
  kind: 'answer'
  pattern: RegExp
  answer: (fields: F) => string
}

export type PromptSpec<F> = ConfirmPrompt<F> | PasswordPrompt | PedPrompt | AnswerPrompt<F>

/** Proof that the new state is on the appliance, or why not. */
export type Proof = { proven: true; evidence: string } | { proven: false; reason: string }

/** What a read-back gets: the parsed facts of the read command, and the prompt host seen after it. */
export interface ReadBackContext {
  promptHost?: string
}

export interface ReadBack<F> {
  command: AnyCommand
  fields: (fields: F) => unknown
  proves: (facts: unknown, fields: F, context: ReadBackContext) => Proof
}

export interface CommandSpec<F = Record<string, never>, Facts = unknown> {
  id: string
  title: string
  /** Every validator for the fields; all must pass before anything is typed. */
  validate: (fields: F) => Validated<unknown>[]
  /** The command line. Called only with validated fields; `build()` checks the result is one line. */
  text: (fields: F) => string
  prompts: PromptSpec<F>[]
  destructive?: boolean
  parse: (text: string) => Result<Facts, ParseError>
  readBack?: ReadBack<F>
  /** Inactivity timeout: resets whenever output arrives. */
  timeoutMs: number
  /** Absolute cap for the whole command, prompts and PED waits included. */
  capMs: number
  /** Eras that have this command at all; absent means every era. */
  eras?: readonly Era[]
  /**
   * Where an era speaks differently from `text` (written in the newest syntax): that era's line, prompts, parser
   * or read-back. The row keeps one id in every era; `forEra` (index.ts) gives the row as that era runs it.
   */
  syntax?: Partial<Record<Era, EraSyntax<F>>>
  /**
   * For rows whose danger depends on the fields (an HSM policy is destructive or not, as the policy table says):
   * false makes the row's confirmations plain ones. Absent: as `destructive` and the prompts say.
   */
  destructiveFor?: (fields: F) => boolean
  /**
   * For rows whose questions depend on the fields (which part of a partition password changes): the prompts to
   * declare for these fields, a subset of `prompts` (which lists them all, for the secret table). A question left
   * out is one the row must not answer for these fields.
   */
  promptsFor?: (fields: F) => PromptSpec<F>[]
  /** Nothing is typed: the runner attends a flow the appliance starts itself (the forced first-login change). */
  attend?: true
  /**
   * For an attended flow on a quiet line (serial): if nothing shows for a moment, ask the operator to press Enter.
   * The runner never presses it: a question left open on the line would take it as an answer.
   */
  wake?: true
  /**
   * The command restarts the link the session runs over (interface change): expect the session to drop,
   * reconnect (to the new address) and run the read-back there with `runner.verify`.
   */
  dropsSession?: true
  /** The output is not from a seen appliance transcript (reference says NOT FOUND): flag the evidence. */
  unverified?: true
}

/** What one era changes in a row. The facts an era's parser gives must carry what the read-backs use. */
export interface EraSyntax<F> {
  text?: (fields: F) => string
  /** Replaces the row's validators in this era (an option it does not have is refused before anything is sent). */
  validate?: (fields: F) => Validated<unknown>[]
  prompts?: PromptSpec<F>[]
  parse?: (text: string) => Result<unknown, ParseError>
  /** null: nothing in this era reads the change back. */
  readBack?: ReadBack<F> | null
  unverified?: true
}

// Fields are contravariant, so a table of mixed rows needs the erased form.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = CommandSpec<any, unknown>

export const command = <F = Record<string, never>, Facts = unknown>(
  spec: CommandSpec<F, Facts>,
): CommandSpec<F, Facts> => spec

export const noFields = (): Validated<unknown>[] => []

export function confirm<F>(
  pattern: RegExp,
  options: { destructive: boolean; warning: string; expect?: (fields: F) => string; guard?: true },
): ConfirmPrompt<F> {
  return { kind: 'confirm', pattern, ...options }
}

export const password = (pattern: RegExp, secret: SecretId, again = false): PasswordPrompt =>
  again ? { kind: 'password', pattern, secret, again } : { kind: 'password', pattern, secret }

export const answer = <F>(pattern: RegExp, value: (fields: F) => string): AnswerPrompt<F> => ({
  kind: 'answer',
  pattern,
  answer: value,
})

/** `Luna PED operation required to <operation> - use <colour(s)> PED key(s).` */
export const ped = (): PedPrompt => ({ kind: 'ped', pattern: /Luna PED operation required to .+?\./i })

export function readBack<F, RF, RFacts>(
  command: CommandSpec<RF, RFacts>,
  fields: (fields: F) => RF,
  proves: (facts: RFacts, fields: F, context: ReadBackContext) => Proof,
): ReadBack<F> {
  return { command, fields, proves: (facts, f, context) => proves(facts as RFacts, f, context) }
}

export const proven = (evidence: string): Proof => ({ proven: true, evidence })
export const notProven = (reason: string): Proof => ({ proven: false, reason })

/** The one way to get a command line: validate every field, build, and refuse anything that is not one line. */
export function build<F>(spec: CommandSpec<F, unknown>, fields: F): Result<string, FieldError[]> {
  const errors = spec
    .validate(fields)
    .filter((r): r is { ok: false; error: FieldError } => !r.ok)
    .map((r) => r.error)
  if (errors.length > 0) return err(errors)
  const text = spec.text(fields)
  const line = singleLineField('Command', text)
  if (!line.ok) return err([line.error])
  return ok(text)
}

const PED_COLOURS = ['blue', 'red', 'black', 'gray', 'grey', 'white', 'orange', 'purple'] as const

const ROLE_OF: Record<string, string> = {
  blue: 'HSM Security Officer (or Partition SO)',
  red: 'Cloning domain',
  black: 'Partition Owner / Crypto Officer',
  gray: 'Crypto User',
  grey: 'Crypto User',
  white: 'Audit',
  orange: 'Remote PED vector',
  purple: 'Secure Recovery Key',
}

export interface PedRequest {
  /** The appliance's sentence, e.g. `Luna PED operation required to login as HSM Administrator - use blue PED key.` */
  text: string
  /** What the PED is doing: `login as HSM Administrator`. */
  operation: string
  keys: { colour: string; role: string }[]
}

export function describePed(text: string): PedRequest {
  const sentence = text.trim()
  const m = /Luna PED operation required to (.+?) - use (.+?)\.?$/i.exec(sentence)
  const operation = m?.[1] ?? sentence
  const use = (m?.[2] ?? sentence).toLowerCase()
  const keys = PED_COLOURS.filter((c) => new RegExp(`\\b${c}\\b`).test(use)).map((colour) => ({
    colour: colour === 'grey' ? 'gray' : colour,
    role: ROLE_OF[colour] ?? '',
  }))
  return { text: sentence, operation, keys }
}
