/**
 * What a console is waiting for, read from the end of what it shows. The runner types a command only when this
 * says `lunash` (a clean `[host] lunash:>` prompt): an HSM zeroizes after three bad SO logins and a partition
 * locks its owner out, so an Enter or a command line typed into an open question is never harmless.
 *
 * The kinds are deliberately coarse and lean towards "a question is open": a screen this cannot place is
 * `unknown`, never `lunash`.
 */
import { asksForSecret } from '../secret-table'
import { normalise } from './text'

export type ScreenKind =
  /** `[host] lunash:>` and nothing after it: the shell waits for a command. */
  | 'lunash'
  /** `[host] lunash:> hsm log…`: something is already typed on the command line. */
  | 'typed'
  /** A password, PIN, challenge, cloning-domain or passphrase question. */
  | 'secret'
  /** `type 'proceed' … or 'quit'`, yes/no, continue? */
  | 'confirm'
  /** A PED operation is under way: the appliance waits for the PED, not for the keyboard. */
  | 'ped'
  /** `--More--`, `(END)`, `Press any key`. */
  | 'pager'
  /** A numbered menu waiting for a choice. */
  | 'menu'
  /** `login:` / `Username:`. */
  | 'login'
  /** A Unix shell prompt (`$`, `#`): not lunash. */
  | 'shell'
  /** Some other question (ends in `?`, `:` or the `>` input marker). */
  | 'question'
  /** Nothing is shown (a quiet serial line, or a console that has printed nothing yet). */
  | 'empty'
  | 'unknown'

export interface Screen {
  kind: ScreenKind
  /** The appliance name in a lunash prompt (`typed` and `lunash`). */
  host?: string
  /** What is already typed after the lunash prompt (`typed`). */
  typed?: string
  /** The console's own words for what is pending: the last lines it shows (at most 3, at most 300 characters). */
  text: string
}

const LUNASH_AT_END = /\[([^\]\n]*)\] ?lunash:>[ \t]*$/
const LUNASH_TYPED = /\[([^\]\n]*)\] ?lunash:>[ \t]?(.*\S)[ \t]*$/
/** lunash's second line of a question: the `>` input marker, perhaps with the answer being typed (or `*`s). */
const INPUT_MARKER = /^[ \t]*>[ \t]*[^\n]*$/
/** `->proceed` (lunacm) or a bare `>` at the end of a question line. */
const ENDS_WITH_MARKER = /(?:->|>)[ \t]*$/

const CONFIRM_WORDS =
  /'?proceed'?|'?quit'?|\(y\/n\)|\[y\/n\]|\by\/n\b|\byes\/no\b|\bcontinue\s*\?|are you sure/i
const PAGER = /--\s?more\s?--|\(END\)|press (?:any key|<?enter>?|<?return>?|space)|\blines \d+-\d+\b|^:$/i
const LOGIN = /(?:^|\s)(?:\S+ )?(?:login|user ?name):[ \t]*$/i
const SHELL = /(?:^|\s)(?:\[[^\]\n]*\]|[\w.@:~/-]+)?[$#%][ \t]*$/
const MENU_LINE = /^[ \t]*\(?\d{1,2}[.)]\s+\S/
const MENU_ASK = /choice|select|option|enter (?:a |the )?number|which .*\?/i
const PED_WAIT =
  /Luna PED operation required|Please attend to the PED|waiting for (?:the )?PED|PED (?:is )?(?:in use|busy)/i
/** A question's last character: `:`, `?`, `>`, `)` after a choice list, or `]` after a default. */
const ASKS = /[:?>\])][ \t]*$/

/** Classifies what a console shows. `raw` may hold escape codes and CR/LF; only its last few KiB matter. */
export function classifyScreen(raw: string): Screen {
  const text = normalise(raw.slice(-8192))
  const all = text.split('\n')
  // The line the cursor is on is the last one, even when it is empty (output just ended with a newline).
  const last = (all[all.length - 1] ?? '').replace(/\s+$/, '')
  const shown = all.filter((l) => l.trim() !== '')
  const tail = shown
    .slice(-3)
    .map((l) => l.trim())
    .join('\n')
    .slice(-300)
  if (shown.length === 0) return { kind: 'empty', text: '' }

  const prompt = LUNASH_AT_END.exec(last)
  if (prompt) return { kind: 'lunash', host: prompt[1] ?? '', text: last.trim() }
  const typed = LUNASH_TYPED.exec(last)
  if (typed) return { kind: 'typed', host: typed[1] ?? '', typed: typed[2] ?? '', text: last.trim() }

  // Everything since the last lunash prompt is what the current command (if any) has shown.
  let since = all.length - 1
  while (since > 0 && !/lunash:>/.test(all[since - 1] ?? '')) since--
  const current = all.slice(since)
  const currentShown = current.filter((l) => l.trim() !== '')

  // A question is on the cursor's line, or (lunash's two-line form) on the line above the `>` marker.
  const cursorLine = last
  const question = INPUT_MARKER.test(cursorLine)
    ? [...currentShown.slice(-3, -1), cursorLine].join('\n')
    : cursorLine
  const kind = classifyQuestion(question, cursorLine, currentShown)
  if (kind) return { kind, text: tail }

  if (currentShown.some((l) => PED_WAIT.test(l)) && !/Command Result/i.test(currentShown.join('\n')))
    return { kind: 'ped', text: tail }
  return { kind: 'unknown', text: tail }
}

function classifyQuestion(question: string, cursorLine: string, shown: string[]): ScreenKind | undefined {
  if (cursorLine.trim() === '') return undefined
  const asking = ASKS.test(cursorLine) || INPUT_MARKER.test(cursorLine) || ENDS_WITH_MARKER.test(cursorLine)
  if (LOGIN.test(cursorLine)) return 'login'
  // The same table of secret questions the transcript's redaction reads (every row's password prompt included).
  // On lunash's `>` line the answer may be part typed: the question above is what counts.
  if (asksForSecret(INPUT_MARKER.test(cursorLine) ? '>' : cursorLine, shown.at(-2))) return 'secret'
  if (CONFIRM_WORDS.test(question) && (asking || /quit/i.test(cursorLine))) return 'confirm'
  if (PAGER.test(cursorLine.trim())) return 'pager'
  if (asking && (MENU_ASK.test(question) || shown.slice(-8).some((l) => MENU_LINE.test(l)))) {
    if (shown.slice(-12).filter((l) => MENU_LINE.test(l)).length >= 2) return 'menu'
  }
  if (SHELL.test(cursorLine) && !/[:?][ \t]*$/.test(cursorLine)) return 'shell'
  if (asking) return 'question'
  return undefined
}

/** A sentence for the operator: what the console is waiting for, in their words. */
export function describeScreen(screen: Screen): string {
  const shows = screen.text === '' ? '' : `: "${screen.text.replace(/\s*\n\s*/g, ' / ')}"`
  switch (screen.kind) {
    case 'lunash':
      return 'the console is at the lunash prompt'
    case 'typed':
      return `the lunash command line already holds "${screen.typed ?? ''}"; clear it (Ctrl-U) or finish it`
    case 'secret':
      return `the console is asking for a password or other secret${shows}`
    case 'confirm':
      return `the console is asking to confirm (proceed or quit)${shows}`
    case 'ped':
      return `the appliance is waiting for the PED${shows}`
    case 'pager':
      return `the console is paging output${shows}`
    case 'menu':
      return `the console shows a menu waiting for a choice${shows}`
    case 'login':
      return `the console is asking for a login${shows}`
    case 'shell':
      return `the console shows a shell prompt, not lunash${shows}`
    case 'question':
      return `the console is asking a question${shows}`
    case 'empty':
      return 'the console shows nothing yet (a quiet serial line shows nothing until Enter is pressed)'
    case 'unknown':
      return `the console does not show the lunash prompt${shows}`
  }
}
