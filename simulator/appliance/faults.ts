/**
 * A fault names a command by its first words, case-insensitive. It matches what was typed or the command it
 * resolved to, so `hsm show` also catches `HSM SH`.
 */
export function matchesFault(pattern: string | undefined, typed: string, canonical: string): boolean {
  if (!pattern) return false
  const norm = (s: string): string => s.trim().replace(/\s+/g, ' ').toLowerCase()
  const wanted = norm(pattern)
  if (wanted === '') return false
  const startsWith = (s: string): boolean => s === wanted || s.startsWith(`${wanted} `)
  return startsWith(norm(typed)) || (canonical !== '' && startsWith(norm(canonical)))
}

const NOISE = '#$%&*+/<=>@[]^`{|}~\\?!;:0123456789abcdefABCDEF\u00b1\u00a7\u00d7\u00f7\u00bf\u00ac'

/** Line noise of the same shape: every character but line ends replaced. */
export function garble(text: string): string {
  let out = ''
  for (const ch of text) out += ch === '\n' ? ch : NOISE[Math.floor(Math.random() * NOISE.length)]
  return out
}

/** Passes the first `chars` characters of everything written through it, then nothing. */
export function truncator(chars: number): (text: string) => string {
  let remaining = chars
  return (text) => {
    const kept = text.slice(0, Math.max(0, remaining))
    remaining -= text.length
    return kept
  }
}
