/** Ways a real terminal mangles the same output; the parser tests run every fixture through each. */
export const variants: Record<string, (text: string) => string> = {
  verbatim: (t) => t,
  crlf: (t) => t.replace(/\n/g, '\r\n'),
  ansi: (t) =>
    t
      .split('\n')
      .map((l, i) => (i % 2 === 0 ? `\x1b[1m${l}\x1b[0m\x1b[K` : `\x1b[32m${l}\x1b(B\x1b[m`))
      .join('\n'),
  'extra blank lines': (t) => `\n\n${t.replace(/\n\n/g, '\n\n\n')}\n\n`,
  'backspace-corrected typing': (t) => t.replace(/([A-Za-z]{4,})/, '$1x\b \b'),
  'serial CRLF with ANSI and stray NUL': (t) => `\x1b[?25h${t.replace(/\n/g, '\r\r\n\x00')}`,
}
