/**
 * Chromium features the desktop app turns off, merged into whatever the operator passed on the command line.
 *
 * DeferRendererTasksAfterInput: after a key press Chromium holds the page's other tasks (messages, timers,
 * network) until it has drawn the next frame. A console's echo arrives as such a task a millisecond or two after
 * the key, so it waited for that frame and reached the screen a frame later. Measured in bench/latency.ts
 * (Chromium 156): key → echo in xterm.js's buffer 9.7 → 4.5 ms, → the frame after it 26 → 17 ms.
 */
export const disabledChromiumFeatures: readonly string[] = ['DeferRendererTasksAfterInput']

/** The --disable-features value: the features already named (e.g. by the operator), then ours, each once. */
export function disableFeaturesValue(existing: string | undefined): string {
  const named = (existing ?? '')
    .split(',')
    .map((feature) => feature.trim())
    .filter((feature) => feature !== '')
  return [...new Set([...named, ...disabledChromiumFeatures])].join(',')
}
