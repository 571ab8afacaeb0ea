import type { Role } from './contract'
import type { ApplianceCore } from './core'
import type { EchoMode } from './lineEditor'
import { usageError } from './errors'

export interface OptionSpec {
  name: string
  short?: string[]
  /** A flag takes no value (`-force`). */
  flag?: boolean
}

/** read: every role may run it; write: admin and operator; admin: admin only. */
export type Access = 'read' | 'write' | 'admin'

export interface CommandIo {
  /** false for one-shot commands over `ssh host cmd`: nothing can be answered. */
  readonly interactive: boolean
  print(text: string): void
  /** Prints `text` (which ends where the cursor should be) and reads one line. */
  ask(text: string, mode?: EchoMode): Promise<string>
  /** Prints `text` and reads the answer: true only for `proceed`. */
  confirm(text: string): Promise<boolean>
  /** Prints the PED instruction and waits for the PED (delay, timeout and Ctrl-C aware). */
  ped(instruction: string): Promise<void>
}

export interface SessionInfo {
  user: string
  role: Role
  remoteAddress: string
  transport: 'ssh' | 'serial' | 'exec'
}

export interface CommandContext {
  app: ApplianceCore
  io: CommandIo
  session: SessionInfo
  /** Canonical command words, as the Error lines name them: 'partition create'. */
  command: string
  positional: string[]
  option(name: string): string | undefined
  flag(name: string): boolean
  readonly force: boolean
  /** Ends the session (exit, or the shell dies with the command). */
  hangup(reason: string): void
}

export interface CommandSpec {
  words: string[]
  /** Shown by `help` and group listings. */
  summary: string
  options?: OptionSpec[]
  access: Access
  run(ctx: CommandContext): Promise<void>
}

interface Node {
  word: string
  children: Node[]
  spec?: CommandSpec
}

export type Resolution =
  | { kind: 'command'; spec: CommandSpec; rest: string[] }
  | { kind: 'group'; path: string[]; children: string[] }
  | { kind: 'unknown'; path: string[]; typed: string }
  | { kind: 'ambiguous'; path: string[]; typed: string; candidates: string[] }

export class CommandTable {
  private readonly root: Node = { word: '', children: [] }

  constructor(specs: CommandSpec[]) {
    for (const spec of specs) this.add(spec)
  }

  private add(spec: CommandSpec): void {
    let node = this.root
    for (const word of spec.words) {
      let child = node.children.find((c) => c.word === word)
      if (!child) {
        child = { word, children: [] }
        node.children.push(child)
      }
      node = child
    }
    node.spec = spec
  }

  topLevel(): CommandSpec[] {
    return this.root.children.flatMap((c) => collect(c))
  }

  /** Tab completion: the rest of the last word when exactly one command word fits it. */
  complete(line: string): string | undefined {
    if (/\s$/.test(line) || line.trim() === '') return undefined
    const words = line.trim().split(/\s+/)
    const last = (words.pop() as string).toLowerCase()
    if (last.startsWith('-')) return undefined
    let node = this.root
    for (const word of words) {
      const next = node.children.find((c) => c.word.toLowerCase() === word.toLowerCase())
      if (!next) return undefined
      node = next
    }
    const matches = node.children.filter((c) => c.word.toLowerCase().startsWith(last))
    if (matches.length !== 1) return undefined
    const word = (matches[0] as Node).word
    return `${word.slice(last.length)} `
  }

  /**
   * Walks the words: exact (case-insensitive) match first, else a unique prefix. Old-style words with a leading
   * dash (`sysconf -time`, `net -dns`) match too, except where the command could take that as an option.
   */
  resolve(tokens: string[]): Resolution {
    let node = this.root
    const path: string[] = []
    for (let i = 0; ; i++) {
      const token = tokens[i]
      if (token === undefined || node.children.length === 0) {
        if (node.spec) return { kind: 'command', spec: node.spec, rest: tokens.slice(i) }
        return { kind: 'group', path, children: node.children.map((c) => c.word) }
      }
      const dashed = /^[-\u2013]/.test(token)
      const word = token.replace(/^[-\u2013]+/, '').toLowerCase()
      const exact = node.children.find((c) => c.word.toLowerCase() === word)
      let next = exact
      if (!next && word.length > 0 && !(dashed && node.spec)) {
        const matches = node.children.filter((c) => c.word.toLowerCase().startsWith(word))
        if (matches.length > 1)
          return { kind: 'ambiguous', path, typed: token, candidates: matches.map((m) => m.word) }
        next = matches[0]
      }
      if (!next) {
        if (node.spec) return { kind: 'command', spec: node.spec, rest: tokens.slice(i) }
        return { kind: 'unknown', path, typed: token }
      }
      node = next
      path.push(next.word)
    }
  }
}

function collect(node: Node): CommandSpec[] {
  return [...(node.spec ? [node.spec] : []), ...node.children.flatMap((c) => collect(c))]
}

/** Splits a command line into words; double quotes group words (`-c "client name"`). */
export function tokenize(line: string): string[] {
  const tokens: string[] = []
  let current = ''
  let inWord = false
  let quoted = false
  for (const ch of line) {
    if (ch === '"') {
      quoted = !quoted
      inWord = true
    } else if (!quoted && /\s/.test(ch)) {
      if (inWord) tokens.push(current)
      current = ''
      inWord = false
    } else {
      current += ch
      inWord = true
    }
  }
  if (inWord) tokens.push(current)
  return tokens
}

export interface ParsedArgs {
  options: Map<string, string | true>
  positional: string[]
}

/** Options by full name, a declared short form, or an unambiguous prefix of the name; case-insensitive. */
export function parseArgs(spec: CommandSpec, rest: string[]): ParsedArgs {
  const options = new Map<string, string | true>()
  const positional: string[] = []
  const specs = spec.options ?? []
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i] as string
    if (!/^[-\u2013]./.test(token)) {
      positional.push(token)
      continue
    }
    const word = token.replace(/^[-\u2013]+/, '').toLowerCase()
    let option =
      specs.find((o) => o.name.toLowerCase() === word) ??
      specs.find((o) => o.short?.some((s) => s.toLowerCase() === word))
    if (!option) {
      const matches = specs.filter((o) => o.name.toLowerCase().startsWith(word))
      if (matches.length > 1) throw usageError(`Ambiguous option: ${token}`)
      option = matches[0]
    }
    if (!option) throw usageError(`Unknown option: ${token}`)
    if (option.flag) {
      options.set(option.name, true)
    } else {
      const value = rest[i + 1]
      if (value === undefined) throw usageError(`Missing value for option: -${option.name}`)
      options.set(option.name, value)
      i++
    }
  }
  return { options, positional }
}
