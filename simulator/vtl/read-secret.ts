/**
 * How the simulated vtl reads a password it was not given on its command line, as Luna's client tools do: on a
 * terminal with echo off (raw mode: nothing typed is shown, keys are read until Enter), otherwise one line from
 * standard input (a pipe or a file). On a terminal the prompt is printed only once echo is off, so whoever answers
 * it there is never echoed. Returns undefined when nothing was entered (Ctrl-C, Ctrl-D, end of input).
 */
import type { Readable, Writable } from 'node:stream'

type Input = Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown }

export function readSecret(
  prompt: string,
  input: Input = process.stdin,
  output: Writable = process.stdout,
): Promise<string | undefined> {
  if (input.isTTY && input.setRawMode) return fromTerminal(prompt, input, output)
  return fromLine(prompt, input, output)
}

function fromTerminal(prompt: string, input: Input, output: Writable): Promise<string | undefined> {
  input.setRawMode!(true)
  output.write(prompt)
  return new Promise((resolve) => {
    let typed = ''
    const finish = (value: string | undefined): void => {
      input.off('data', onData)
      input.setRawMode!(false)
      input.pause()
      output.write('\n')
      resolve(value)
    }
    const onData = (chunk: Buffer | string): void => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n') return finish(typed)
        if (ch === '\x03') return finish(undefined)
        if (ch === '\x04') {
          if (typed === '') return finish(undefined)
        } else if (ch === '\x7f' || ch === '\b') typed = [...typed].slice(0, -1).join('')
        else if (ch === '\x15') typed = ''
        else if (ch >= ' ') typed += ch
      }
    }
    input.on('data', onData)
    input.resume()
  })
}

function fromLine(prompt: string, input: Input, output: Writable): Promise<string | undefined> {
  output.write(prompt)
  return new Promise((resolve) => {
    let buffered = ''
    const finish = (value: string | undefined): void => {
      input.off('data', onData)
      input.off('end', onEnd)
      input.off('error', onEnd)
      input.pause()
      output.write('\n')
      resolve(value === '' ? undefined : value)
    }
    const onData = (chunk: Buffer | string): void => {
      buffered += chunk.toString()
      const end = buffered.search(/\r?\n/)
      if (end >= 0) finish(buffered.slice(0, end))
    }
    const onEnd = (): void => finish(buffered)
    input.on('data', onData)
    input.once('end', onEnd)
    input.once('error', onEnd)
    input.resume()
  })
}
