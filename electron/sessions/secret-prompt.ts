/**
 * An input stage that asks for a secret inside the console, the way OpenSSH does: it writes the prompt,
 * takes the typed characters without echoing them until Enter, and hands the answer to the caller only.
 * Nothing typed here is echoed, logged or kept after the answer is returned; a question the server marks as not
 * secret (keyboard-interactive's echo flag, say a user name) shows what is typed, as OpenSSH does.
 */

export class PromptCancelled extends Error {
  constructor() {
    super('The password prompt was cancelled.')
    this.name = 'PromptCancelled'
  }
}

export interface SecretPrompt {
  /**
   * Shows `prompt` in the console and resolves with what the operator typed (Enter ends, Ctrl-C cancels).
   * `echo`: show the answer as it is typed (not a secret).
   */
  ask(prompt: string, options?: { echo?: boolean }): Promise<string>
  /**
   * Terminal input. Returns undefined when no question is open (the input is not for the prompt), otherwise
   * what was typed after the answer's Enter ('' when nothing), which belongs to whatever comes next.
   */
  feed(data: string): string | undefined
  readonly active: boolean
  /** Rejects a pending question (the connection went away). */
  cancel(): void
}

export function secretPrompt(writeToTerminal: (text: string) => void): SecretPrompt {
  let pending:
    | { resolve(answer: string): void; reject(error: Error): void; typed: string[]; echo: boolean }
    | undefined

  const finish = (error?: Error): void => {
    const p = pending
    if (!p) return
    pending = undefined
    writeToTerminal('\r\n')
    if (error) p.reject(error)
    else p.resolve(p.typed.join(''))
    p.typed.length = 0
  }

  return {
    ask(prompt, options = {}) {
      if (pending) return Promise.reject(new Error('A password prompt is already open in this console.'))
      writeToTerminal(prompt)
      return new Promise<string>((resolve, reject) => {
        pending = { resolve, reject, typed: [], echo: options.echo === true }
      })
    },
    feed(data) {
      if (!pending) return undefined
      // Escape sequences (arrow keys, bracketed-paste markers) carry no characters of the secret.
      // eslint-disable-next-line no-control-regex
      const text = data.replace(/\x1b(?:\[[0-9;?]*[ -/]*[@-~]|O.|.)?/gs, '')
      let index = 0
      for (const ch of text) {
        index += ch.length
        if (ch === '\r' || ch === '\n') {
          finish()
          // CRLF from a paste is one Enter.
          return text.slice(ch === '\r' && text[index] === '\n' ? index + 1 : index)
        }
        if (ch === '\x03' || ch === '\x04') {
          finish(new PromptCancelled())
          return ''
        }
        if (ch === '\x7f' || ch === '\b') {
          if (pending.typed.pop() !== undefined && pending.echo) writeToTerminal('\b \b')
        } else if (ch === '\x15') {
          // Ctrl-U clears the line
          if (pending.echo) writeToTerminal('\b \b'.repeat(pending.typed.length))
          pending.typed.length = 0
        } else if (ch >= ' ') {
          pending.typed.push(ch)
          if (pending.echo) writeToTerminal(ch)
        }
      }
      return ''
    },
    get active() {
      return pending !== undefined
    },
    cancel() {
      finish(new PromptCancelled())
    },
  }
}
