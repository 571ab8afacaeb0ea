/**
 * The runner of the console a panel sits beside: which session it drives, whether a command is running (the
 * console's keyboard is then held), and the questions the appliance is asking through it.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { RunnerPromptEvent, RunnerStateEvent } from '../../shared/api'

type Waiting = NonNullable<RunnerStateEvent['waiting']>

export interface RunnerView {
  sessionId: string | undefined
  busy: boolean
  command: string | undefined
  /** Nothing typed yet: what the console waits for instead (the operator's keyboard is free meanwhile). */
  waiting: Waiting | undefined
  prompts: RunnerPromptEvent[]
  /** The prompt was answered (or dismissed): take it off the screen. */
  dismiss(promptId: string): void
  abort(): void
}

export function useRunner(profileId: string): RunnerView {
  const [sessionId, setSessionId] = useState<string | undefined>()
  const [state, setState] = useState<{ busy: boolean; command?: string; waiting?: Waiting }>({
    busy: false,
  })
  const [prompts, setPrompts] = useState<RunnerPromptEvent[]>([])
  const current = useRef<string | undefined>(undefined)

  useEffect(() => {
    const api = window.rackside
    const use = (id: string | undefined): void => {
      current.current = id
      setSessionId(id)
      setState({ busy: false })
      setPrompts([])
    }
    const offs = [
      // The console beside this dock opens its session right after the dock subscribes (children's effects run
      // first, the reply comes later), so the next session of this profile is ours; while ours is open, another
      // tab's session of the same profile is not.
      api.on('runner.attached', (s) => {
        if (s.profileId === profileId && current.current === undefined) use(s.sessionId)
      }),
      api.on('runner.state', (s) => {
        if (s.sessionId !== current.current) return
        setState({
          busy: s.busy,
          ...(s.command === undefined ? {} : { command: s.command }),
          ...(s.waiting === undefined ? {} : { waiting: s.waiting }),
        })
        if (!s.busy) setPrompts([])
      }),
      api.on('runner.prompt', (p) => {
        if (p.sessionId === current.current) setPrompts((list) => [...list, p])
      }),
      api.on('session.status', (s) => {
        if (s.sessionId === current.current && (s.state === 'closed' || s.state === 'failed')) use(undefined)
      }),
    ]
    return () => {
      for (const off of offs) off()
    }
  }, [profileId])

  const dismiss = useCallback((promptId: string) => {
    setPrompts((list) => list.filter((p) => p.promptId !== promptId))
  }, [])
  const abort = useCallback(() => {
    if (current.current)
      void window.rackside.runner.abort({ sessionId: current.current }).catch(() => undefined)
  }, [])

  return {
    sessionId,
    busy: state.busy,
    command: state.command,
    waiting: state.waiting,
    prompts,
    dismiss,
    abort,
  }
}
