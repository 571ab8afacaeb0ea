/** Find in the scrollback, as the console's find box asks for it. */
import type { SearchAddon } from '@xterm/addon-search'
import { findDecorations } from './themes'

/** Selects the next (or previous) match and highlights every other one; empty text clears the highlights. */
export function findInTerminal(search: SearchAddon, text: string, direction: 'next' | 'previous'): boolean {
  if (!text) {
    search.clearDecorations()
    return false
  }
  const options = { decorations: findDecorations }
  return direction === 'next' ? search.findNext(text, options) : search.findPrevious(text, options)
}

/** "3 of 12" as the find box says it: calls `listener` whenever the matches change; returns the unsubscribe. */
export function onFindResults(
  search: SearchAddon,
  listener: (results: { index: number; count: number }) => void,
): () => void {
  const subscription = search.onDidChangeResults(({ resultIndex, resultCount }) =>
    listener({ index: resultIndex, count: resultCount }),
  )
  return () => subscription.dispose()
}
