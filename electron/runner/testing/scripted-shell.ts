/**
 * A tiny scripted lunash for the runner's unit tests: echoes what is typed (asterisks at password prompts),
 * runs a handler per command, and can split its output into small chunks, add CRLF and ANSI, or hang up.
 */
import type { Channel } from '../channel'

export interface ShellScript {
  [command: string]: (shell: ScriptedShell) => Promise<void> | void
}

export interface ShellOptions {
  host?: string
  /** Split every output into chunks of this many characters (1 = byte by byte). */
  chunk?: number
  crlf?: boolean
  ansi?: boolean
  /** Echo what is typed at password prompts instead of asterisks (a careless appliance). */
  echoSecrets?: boolean
  /** Print nothing until something is typed (a serial line); otherwise the prompt shows at once, as over SSH. */
  quiet?: boolean
}

export class ScriptedShell implements Channel {
  host: string
  /** Everything the runner typed, in order. */
  readonly written: string[] = []
  /** Every complete line the shell received. */
  readonly lines: string[] = []
  interrupted = 0
  private readonly data = new Set<(text: string) => void>()
  private readonly closers = new Set<(reason: string) => void>()
  private line = ''
  private question: { resolve: (answer: string) => void; mask: boolean } | undefined
  private running = false
  private closed = false
  private onInterrupt: (() => void) | undefined

  constructor(
    private readonly script: ShellScript,
    private readonly options: ShellOptions = {},
  ) {
    this.host = options.host ?? 'local_host'
    if (!options.quiet) this.prompt()
  }

  write(text: string): void {
    if (this.closed) return
    this.written.push(text)
    for (const ch of text) {
      if (ch === '\x03') {
        this.interrupted++
        this.line = ''
        this.question = undefined
        const stop = this.onInterrupt
        this.onInterrupt = undefined
        this.running = false
        if (stop) stop()
        else this.print('^C\n')
        this.prompt()
      } else if (ch === '\x15') this.line = ''
      else if (ch === '\r') {
        const line = this.line
        this.line = ''
        this.print('\n')
        this.lines.push(line)
        this.dispatch(line)
      } else {
        this.line += ch
        const masked = this.question?.mask && !this.options.echoSecrets
        this.print(masked ? '*' : ch)
      }
    }
  }

  onData(listener: (text: string) => void): () => void {
    this.data.add(listener)
    return () => this.data.delete(listener)
  }

  onClose(listener: (reason: string) => void): () => void {
    this.closers.add(listener)
    return () => this.closers.delete(listener)
  }

  /** Prints output, shaped by the options, delivered asynchronously like a network would. */
  print(text: string): void {
    let out = text
    if (this.options.ansi) out = out.replace(/([A-Za-z]+:)/g, '\x1b[1m$1\x1b[0m')
    if (this.options.crlf) out = out.replace(/\n/g, '\r\n')
    const size = this.options.chunk ?? out.length
    for (let i = 0; i < out.length; i += Math.max(1, size)) {
      const piece = out.slice(i, i + Math.max(1, size))
      queueMicrotask(() => {
        if (!this.closed) for (const l of [...this.data]) l(piece)
      })
    }
  }

  prompt(): void {
    this.print(`[${this.host}] lunash:>`)
  }

  /** Ends a command the way lunash does. */
  result(code = 0, text = code === 0 ? 'Success' : 'Luna Shell execution'): void {
    this.print(`\nCommand Result : ${code} (${text})\n`)
    this.running = false
    this.prompt()
  }

  /** Prints a question and waits for the typed answer. */
  ask(question: string, mask = false): Promise<string> {
    this.print(question)
    return new Promise((resolve) => {
      this.question = { resolve, mask }
    })
  }

  /** The command never returns until Ctrl-C. */
  hang(): Promise<void> {
    return new Promise((resolve) => {
      this.onInterrupt = () => {
        this.print('\n')
        resolve()
      }
    })
  }

  hangUp(reason = 'Connection reset by peer'): void {
    this.closed = true
    for (const l of [...this.closers]) l(reason)
  }

  private dispatch(line: string): void {
    if (this.question) {
      const q = this.question
      this.question = undefined
      q.resolve(line)
      return
    }
    if (this.running) return
    if (line.trim() === '') {
      this.prompt()
      return
    }
    const handler = this.script[line.trim()]
    if (!handler) {
      this.print(`\nError:  '${line.trim()}' failed. (C0000000 : RC_UNKNOWN_COMMAND)\n`)
      this.result(65535)
      return
    }
    this.running = true
    void handler(this)
  }
}
