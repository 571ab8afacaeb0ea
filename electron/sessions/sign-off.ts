/** The line a sign-off leaves in a console's transcript (sealed by the transcript right after it). */
export interface SignOff {
  operator: string
  witness?: string | undefined
  /** One deviation from the procedure a line; blank lines are dropped. */
  deviations?: string | undefined
}

export function signOffNote({ operator, witness, deviations }: SignOff): string {
  const listed = (deviations ?? '')
    .split(/\r?\n/)
    .map((d) => d.trim())
    .filter(Boolean)
  const who = `Signed off by operator "${operator}"${witness ? ` with witness "${witness}"` : ''}.`
  const what = listed.length ? listed.map((d, i) => `(${i + 1}) ${d}`).join(' ') : 'none'
  return `${who} Deviations from the procedure: ${what}.`
}
