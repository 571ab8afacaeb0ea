/** Small readings of console text the runner's parts share. */

/** The last line (what the console shows where the cursor is): a prompt, or not. */
export function lastLine(text: string): string {
  const at = text.lastIndexOf('\n')
  return at < 0 ? text : text.slice(at + 1)
}

/** The last n lines that hold something, as the operator would read a question. */
export function lastLines(text: string, n: number): string {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(-n)
    .join('\n')
    .trim()
}
