import { EventEmitter } from 'node:events'
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import type { ApplianceEvents, ApplianceOptions, Faults } from './contract'
import { ERA_PROFILES, type EraProfile } from './eras'
import { createInitialState, defaultSshState, promptHostname, type ApplianceState } from './state'

/**
 * The appliance's state and what every command needs around it: the clock, persistence, events, faults.
 * Commands change `state` and call `commit()`; nothing here prints.
 */
export class ApplianceCore {
  readonly emitter = new EventEmitter()
  faults: Faults = {}
  private lastSaved = ''

  private constructor(
    public state: ApplianceState,
    private readonly stateFile: string | undefined,
  ) {
    this.lastSaved = stateFile && existsSync(stateFile) ? JSON.stringify(state, null, 2) : ''
  }

  static create(options: ApplianceOptions): ApplianceCore {
    let state: ApplianceState | undefined
    if (options.stateFile && existsSync(options.stateFile)) {
      state = JSON.parse(readFileSync(options.stateFile, 'utf8')) as ApplianceState
      if (state.version !== 1)
        throw new Error(`${options.stateFile}: unknown state version ${String(state.version)}`)
      // Sessions do not survive a restart of the appliance.
      state.hsm.soLoggedIn = false
      // The transports listen on eth0Address; eth0 must say so, whatever it was when the state was saved.
      const eth0 = state.network.interfaces.eth0
      if (eth0) eth0.address = options.eth0Address
      if (options.hsmAuthentication) state.hsm.authMethod = options.hsmAuthentication
      // State files from before public-key login.
      state.ssh ??= defaultSshState()
    }
    state ??= createInitialState({
      serial: options.serial,
      era: options.era,
      hostname: options.hostname,
      eth0Address: options.eth0Address,
      now: new Date(),
    })
    if (options.hsmAuthentication) state.hsm.authMethod = options.hsmAuthentication
    const core = new ApplianceCore(state, options.stateFile)
    core.commit()
    return core
  }

  get profile(): EraProfile {
    return ERA_PROFILES[this.state.era]
  }

  get hostname(): string {
    return promptHostname(this.state)
  }

  get prompt(): string {
    return `[${this.hostname}] lunash:>`
  }

  banner(): string {
    const sw = this.state.software
    return this.profile.banner(sw.version, sw.copyright)
  }

  /** The appliance clock: the host clock plus whatever `sysconf time` set. */
  now(): Date {
    return new Date(Date.now() + this.state.time.offsetMs)
  }

  /** Save when the state changed (atomic: temp file + rename). */
  commit(): void {
    if (!this.stateFile) return
    const text = JSON.stringify(this.state, null, 2)
    if (text === this.lastSaved) return
    const temp = `${this.stateFile}.${process.pid}.tmp`
    writeFileSync(temp, text, { mode: 0o600 })
    renameSync(temp, this.stateFile)
    this.lastSaved = text
  }

  emit<E extends keyof ApplianceEvents>(event: E, ...args: Parameters<ApplianceEvents[E]>): void {
    this.emitter.emit(event, ...args)
  }

  readFile(name: string): Buffer | undefined {
    if (name === 'server.pem') return Buffer.from(this.state.ntls.certPem)
    const file = this.state.files[name]
    return file ? Buffer.from(file.dataBase64, 'base64') : undefined
  }

  writeFile(name: string, data: Buffer): void {
    if (name === 'server.pem') throw new Error('server.pem is read-only')
    if (!/^[A-Za-z0-9._-]+$/.test(name) || name.startsWith('.')) throw new Error(`invalid file name: ${name}`)
    this.state.files[name] = { dataBase64: data.toString('base64'), modifiedAt: this.now().getTime() }
    this.commit()
  }
}
