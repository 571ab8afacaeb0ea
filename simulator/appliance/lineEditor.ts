/** How typed characters are echoed: as typed, as asterisks (lunash password prompts), or not at all (login/passwd). */
export type EchoMode = 'echo' | 'mask' | 'hidden'

/** Thrown into whoever waits for input when the user presses Ctrl-C. */
export class Interrupted extends Error {
  constructor() {
    super('interrupted')
  }
}

/** Thrown into whoever waits for input when the line is gone. */
export class LineClosed extends Error {
  constructor() {
    super('line closed')
  }
}

/** Given the line so far, the text Tab should insert (command completion), or undefined. */
export type Completer = (line: string) => string | undefined

interface PendingRead {
  mode: EchoMode
  complete?: Completer
  resolve: (line: string) => void
  reject: (error: Error) => void
}

/**
 * The terminal line discipline of the appliance side: echo, backspace/DEL, Ctrl-U, Ctrl-C, CR/LF/CRLF as one
 * line end, escape sequences (arrow keys) swallowed. Input that arrives while nobody reads is kept (type-ahead)
 * and only echoed when read, as readline does. Ctrl-C is never queued: it interrupts a pending read, or else
 * tells the owner (a running command).
 */
export class LineEditor {
  private queue = ''
  private buffer = ''
  private pending: PendingRead | undefined
  private afterCR = false
  private escape: 0 | 1 | 2 = 0
  private escapeBody = ''
  private closed = false
  /** Command lines entered, for Ctrl-P / Ctrl-N and the arrow keys; only lines read with a completer count. */
  private readonly history: string[] = []
  private historyIndex = 0

  constructor(
    private readonly echo: (text: string) => void,
    private readonly onInterrupt: () => void,
  ) {}

  readLine(mode: EchoMode, complete?: Completer): Promise<string> {
    if (this.closed) return Promise.reject(new LineClosed())
    this.historyIndex = this.history.length
    return new Promise((resolve, reject) => {
      this.pending = { mode, complete, resolve, reject }
      this.pump()
    })
  }

  input(data: string): void {
    if (this.closed) return
    for (const ch of data) {
      if (ch === '\x03') {
        this.queue = ''
        this.interrupt()
        continue
      }
      this.queue += ch
    }
    this.pump()
  }

  close(): void {
    this.closed = true
    const pending = this.pending
    this.pending = undefined
    pending?.reject(new LineClosed())
  }

  private interrupt(): void {
    const pending = this.pending
    if (pending) {
      this.pending = undefined
      this.buffer = ''
      this.echo('^C\n')
      pending.reject(new Interrupted())
    } else {
      this.onInterrupt()
    }
  }

  private pump(): void {
    while (this.pending && this.queue.length > 0) {
      const ch = this.queue[0] as string
      this.queue = this.queue.slice(1)
      this.handle(ch, this.pending)
    }
  }

  private handle(ch: string, pending: PendingRead): void {
    const wasCR = this.afterCR
    this.afterCR = false
    if (this.escape === 1) {
      this.escape = ch === '[' || ch === 'O' ? 2 : 0
      this.escapeBody = ''
      return
    }
    if (this.escape === 2) {
      this.escapeBody += ch
      if (ch >= '@' && ch <= '~') {
        this.escape = 0
        if (this.escapeBody === 'A') this.recall(pending, -1)
        if (this.escapeBody === 'B') this.recall(pending, 1)
      }
      return
    }
    if (ch === '\n' && wasCR) return
    if (ch === '\r' || ch === '\n') {
      this.afterCR = ch === '\r'
      const line = this.buffer
      this.buffer = ''
      this.pending = undefined
      this.echo('\n')
      if (pending.complete && line.trim() !== '') this.history.push(line)
      pending.resolve(line)
      return
    }
    if (ch === '\x10' || ch === '\x0e') {
      this.recall(pending, ch === '\x10' ? -1 : 1)
      return
    }
    if (ch === '\t') {
      const insert = pending.complete?.(this.buffer)
      if (insert) {
        this.buffer += insert
        this.echo(insert)
      }
      return
    }
    if (ch === '\x7f' || ch === '\b') {
      if (this.buffer.length === 0) return
      this.buffer = this.buffer.slice(0, -1)
      if (pending.mode !== 'hidden') this.echo('\b \b')
      return
    }
    if (ch === '\x15') {
      if (pending.mode !== 'hidden') this.echo('\b \b'.repeat(this.buffer.length))
      this.buffer = ''
      return
    }
    if (ch === '\x1b') {
      this.escape = 1
      return
    }
    if (ch < ' ') return
    this.buffer += ch
    if (pending.mode === 'echo') this.echo(ch)
    else if (pending.mode === 'mask') this.echo('*')
  }

  /** Replaces the line with an earlier (-1) or later (+1) command line. */
  private recall(pending: PendingRead, step: -1 | 1): void {
    if (!pending.complete || pending.mode !== 'echo') return
    const index = this.historyIndex + step
    if (index < 0 || index > this.history.length) return
    this.historyIndex = index
    this.echo('\b \b'.repeat(this.buffer.length))
    this.buffer = this.history[index] ?? ''
    this.echo(this.buffer)
  }
}
