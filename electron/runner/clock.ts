/**
 * A flight's timers: inactivity (re-armed while data keeps arriving), the absolute cap (paused while the operator
 * answers, so a slow human does not spend the appliance's time), the quiet wait (a prompt or question must
 * settle before it is acted on) and the wake notice (a console that shows nothing).
 */
export type Timeout = 'inactivity' | 'cap'

export class FlightClock {
  private inactivity: ReturnType<typeof setTimeout> | undefined
  private cap: ReturnType<typeof setTimeout> | undefined
  private quiet: ReturnType<typeof setTimeout> | undefined
  private wake: ReturnType<typeof setTimeout> | undefined
  private capLeft: number
  private capArmedAt = Date.now()

  constructor(
    capMs: number,
    private readonly expired: (which: Timeout) => void,
  ) {
    this.capLeft = capMs
  }

  /** Restarts the inactivity timer. */
  armInactivity(ms: number): void {
    clearTimeout(this.inactivity)
    this.inactivity = setTimeout(() => this.expired('inactivity'), ms)
  }

  stopInactivity(): void {
    clearTimeout(this.inactivity)
  }

  /** Stops the cap and keeps what is left of it. */
  pauseCap(): void {
    clearTimeout(this.cap)
    this.capLeft -= Date.now() - this.capArmedAt
  }

  /** Runs the cap again for what is left of it. */
  resumeCap(): void {
    this.capArmedAt = Date.now()
    this.cap = setTimeout(() => this.expired('cap'), Math.max(0, this.capLeft))
  }

  stopCap(): void {
    clearTimeout(this.cap)
  }

  /** Runs `act` after `ms`, replacing any quiet wait before it. */
  afterQuiet(ms: number, act: () => void): void {
    clearTimeout(this.quiet)
    this.quiet = setTimeout(act, ms)
  }

  stopQuiet(): void {
    clearTimeout(this.quiet)
  }

  /** Arms the wake notice once per flight; false if it was armed already. */
  wakeOnce(ms: number, act: () => void): boolean {
    if (this.wake) return false
    this.wake = setTimeout(act, ms)
    return true
  }

  get wakeArmed(): boolean {
    return this.wake !== undefined
  }

  stopAll(): void {
    for (const timer of [this.inactivity, this.cap, this.quiet, this.wake]) clearTimeout(timer)
  }
}
