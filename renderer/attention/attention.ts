/**
 * When a command waits for the operator (a confirmation, a password, a PED key, a console that is not at the
 * lunash prompt) while Rackside's window is in the background, a system notification says so and the host is
 * asked to flash the window. The web Notification API is what Electron turns into the OS's notifications; the
 * permission is asked for once, the first time something waits, never at start-up.
 */
import type { RacksideApi } from '../../shared/api'
import { promptMessage, waitingMessage, type AttentionMessage } from './messages'

/** Another window has the focus, or this one is minimised or on another desktop. */
const inBackground = () => document.hidden || !document.hasFocus()

export function watchForAttention(api: Pick<RacksideApi, 'on' | 'app'>): () => void {
  let asked: Promise<NotificationPermission> | undefined
  const permission = (): Promise<NotificationPermission> => {
    if (typeof Notification === 'undefined') return Promise.resolve('denied')
    if (Notification.permission !== 'default') return Promise.resolve(Notification.permission)
    asked ??= Notification.requestPermission().catch(() => 'denied' as const)
    return asked
  }

  const open = new Map<string, Notification>()
  const tell = (message: AttentionMessage) => {
    if (!inBackground()) return
    void api.app.attention({}).catch(() => undefined)
    void permission().then((granted) => {
      if (granted !== 'granted') return
      const note = new Notification(message.title, { body: message.body, tag: message.tag })
      note.onclick = () => {
        window.focus()
        note.close()
      }
      open.set(message.tag, note)
    })
  }
  // Back at the window: what the notifications said is on screen now.
  const onFocus = () => {
    for (const note of open.values()) note.close()
    open.clear()
  }
  window.addEventListener('focus', onFocus)

  // A console stays "waiting" over several state events: one notification for each stretch of waiting.
  const waiting = new Set<string>()
  const offs = [
    api.on('runner.prompt', (prompt) => tell(promptMessage(prompt))),
    api.on('runner.state', (state) => {
      const message = waitingMessage(state)
      if (!message) {
        waiting.delete(state.sessionId)
        return
      }
      if (waiting.has(state.sessionId)) return
      waiting.add(state.sessionId)
      tell(message)
    }),
  ]
  return () => {
    window.removeEventListener('focus', onFocus)
    for (const off of offs) off()
  }
}
