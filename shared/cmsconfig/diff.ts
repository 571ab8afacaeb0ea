/**
 * A unified, line-based diff for the preview the operator approves before a file is written.
 * Lines compare with their terminators, so a line that only gains a newline shows up, marked the way
 * `diff -u` marks it (`\ No newline at end of file`).
 */
import type { Eol } from './lines'
import { splitLines } from './lines'

type Op = { kind: ' ' | '-' | '+'; text: string; eol: Eol }

function lcsOps(a: { text: string; eol: Eol }[], b: { text: string; eol: Eol }[]): Op[] {
  const key = (l: { text: string; eol: Eol }): string => l.text + l.eol
  let pre = 0
  while (pre < a.length && pre < b.length && key(a[pre]!) === key(b[pre]!)) pre++
  let suf = 0
  while (
    suf < a.length - pre &&
    suf < b.length - pre &&
    key(a[a.length - 1 - suf]!) === key(b[b.length - 1 - suf]!)
  )
    suf++
  const am = a.slice(pre, a.length - suf)
  const bm = b.slice(pre, b.length - suf)
  const n = am.length
  const m = bm.length
  const ops: Op[] = a.slice(0, pre).map((l) => ({ kind: ' ', ...l }))
  if (n * m > 25_000_000) {
    // Too large to align line by line: show the middle as replaced.
    ops.push(
      ...am.map((l) => ({ kind: '-' as const, ...l })),
      ...bm.map((l) => ({ kind: '+' as const, ...l })),
    )
  } else {
    const w = m + 1
    const t = new Uint32Array((n + 1) * w)
    for (let i = n - 1; i >= 0; i--)
      for (let j = m - 1; j >= 0; j--)
        t[i * w + j] =
          key(am[i]!) === key(bm[j]!)
            ? t[(i + 1) * w + j + 1]! + 1
            : Math.max(t[(i + 1) * w + j]!, t[i * w + j + 1]!)
    let i = 0
    let j = 0
    while (i < n || j < m) {
      if (i < n && j < m && key(am[i]!) === key(bm[j]!)) {
        ops.push({ kind: ' ', ...am[i]! })
        i++
        j++
      } else if (i < n && (j >= m || t[(i + 1) * w + j]! >= t[i * w + j + 1]!)) {
        ops.push({ kind: '-', ...am[i]! })
        i++
      } else {
        ops.push({ kind: '+', ...bm[j]! })
        j++
      }
    }
  }
  ops.push(...a.slice(a.length - suf).map((l) => ({ kind: ' ' as const, ...l })))
  return ops
}

/** `diff -u` style text; empty string when nothing changes. */
export function unifiedDiff(
  oldText: string,
  newText: string,
  oldName: string,
  newName = oldName,
  context = 3,
): string {
  if (oldText === newText) return ''
  const ops = lcsOps(splitLines(oldText), splitLines(newText))
  const out = [`--- ${oldName}`, `+++ ${newName}`]
  let k = 0
  while (k < ops.length) {
    if (ops[k]!.kind === ' ') {
      k++
      continue
    }
    // A hunk: from `context` lines before this change to `context` lines after the last change close to it.
    const start = Math.max(0, k - context)
    let end = k
    for (let j = k; j < ops.length; j++) {
      if (ops[j]!.kind !== ' ') end = j
      else if (j - end > context * 2) break
    }
    const stop = Math.min(ops.length, end + context + 1)
    let oldLine = 1
    let newLine = 1
    for (let j = 0; j < start; j++) {
      if (ops[j]!.kind !== '+') oldLine++
      if (ops[j]!.kind !== '-') newLine++
    }
    const body: string[] = []
    let oldCount = 0
    let newCount = 0
    for (let j = start; j < stop; j++) {
      const op = ops[j]!
      if (op.kind !== '+') oldCount++
      if (op.kind !== '-') newCount++
      body.push(op.kind + op.text)
      if (op.eol === '') body.push('\\ No newline at end of file')
    }
    const range = (line: number, count: number): string =>
      count === 0 ? `${line - 1},0` : count === 1 ? `${line}` : `${line},${count}`
    out.push(`@@ -${range(oldLine, oldCount)} +${range(newLine, newCount)} @@`, ...body)
    k = stop
  }
  return out.join('\n') + '\n'
}
