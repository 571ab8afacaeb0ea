/**
 * Who owns a live console session's appliance: one LiveAppliance per console session id, held by the
 * LiveAppliances registry. It knows the appliance's profile, its verified SSH address and host key, the software
 * version it printed and the era its syntax is chosen by, the name its prompt shows, the admin password the
 * keychain keeps for it, and whether the console can follow it to a new address. The runner service, the client
 * side and the consoles ask it; none of them reaches into another's state.
 */
import { RacksideError } from '../../shared/api'
import { eraOfVersion, type Era } from '../../shared/lunash/commands'

/** An appliance's SSH endpoint with the host key Rackside verified for it. */
export interface ApplianceTarget {
  host: string
  port: number
  hostKeyFingerprint: string
}

/** What the console knows of its appliance when its transport opens (again, after a reconnection). */
export interface ApplianceOpening {
  client: string
  profileId: string
  title: string
  /** The appliance's SSH endpoint with a pinned key (demo profiles), for transfers. */
  target?: ApplianceTarget
  /** The era the console's profile pins, whatever the appliance prints. */
  era?: Era
  /**
   * Whether this console can follow its appliance to a new address (demo and saved SSH profiles; a serial line
   * does not drop). `profileName`: a saved profile whose address would change, which needs the operator's yes.
   */
  follows?: { profileName?: string }
  /** A saved SSH profile's address and the host key remembered for it, read when asked (the profile may change). */
  remembered?: () => ApplianceTarget | undefined
}

/** Where the console goes when its link restarts after an interface change. */
export interface FollowPlan {
  address: string
  /** Tried first when logging in again (else asked in the console). */
  password: string | undefined
  /** Save the new address in the saved profile (the operator said yes). */
  saveProfile: boolean
}

/** The keychain as the appliance uses it: read only. */
export interface KeptPasswords {
  lookup(account: { kind: 'appliance-admin'; applianceId: string }): Promise<string | undefined>
}

export class LiveAppliance {
  client: string
  profileId: string
  title: string
  target: ApplianceTarget | undefined
  /** False while the console is being reopened (its runner is gone until the transport opens again). */
  attached = true
  /** What the console's prompt names (null: none yet). */
  name: string | null = null
  /** The software version the appliance printed (banner, `hsm show`). */
  version: string | undefined
  private pinned: Era | undefined
  private follows: ApplianceOpening['follows']
  private remembered: ApplianceOpening['remembered']
  private plan: FollowPlan | undefined

  constructor(
    readonly sessionId: string,
    opening: ApplianceOpening,
    private readonly keychain: KeptPasswords,
  ) {
    this.client = opening.client
    this.profileId = opening.profileId
    this.title = opening.title
    this.target = opening.target
    this.follows = opening.follows
    this.remembered = opening.remembered
    this.pinned = opening.era
  }

  /** The console opened again (a reconnection): the same appliance, perhaps at a new address. */
  reopened(opening: ApplianceOpening): void {
    this.client = opening.client
    this.profileId = opening.profileId
    this.title = opening.title
    this.target = opening.target
    this.follows = opening.follows
    this.remembered = opening.remembered
    if (opening.era !== undefined) this.pinned = opening.era
    this.attached = true
  }

  /** The era whose syntax the console's steps use: the profile's pin, else the version the appliance printed. */
  get era(): Era | undefined {
    return this.pinned ?? (this.version === undefined ? undefined : eraOfVersion(this.version))
  }

  /** Whether the profile pins the era. */
  get eraPinned(): boolean {
    return this.pinned !== undefined
  }

  /** Records the version the appliance printed; true when it is news. */
  learnVersion(version: string): boolean {
    if (this.version === version) return false
    this.version = version
    return true
  }

  /** The admin password the keychain keeps for this appliance (never waits long for it). */
  adminPassword(): Promise<string | undefined> {
    return this.keychain.lookup({ kind: 'appliance-admin', applianceId: this.profileId })
  }

  /** The appliance as the client side sees it: its SSH address with the key Rackside verified or remembers. */
  describe(): { profileId: string; title: string; target?: ApplianceTarget } {
    const target = this.target ?? this.remembered?.()
    return { profileId: this.profileId, title: this.title, ...(target ? { target } : {}) }
  }

  /** Whether the console can follow the appliance to a new address (undefined: it cannot). */
  followPlan(): { profileName?: string } | undefined {
    return this.follows === undefined ? undefined : { ...this.follows }
  }

  /** The next drop of the console reopens it to the plan's address. */
  armFollow(plan: FollowPlan): void {
    this.plan = plan
  }

  disarmFollow(): void {
    this.plan = undefined
  }

  /** The armed plan, once: the drop that uses it. */
  takeFollow(): FollowPlan | undefined {
    const plan = this.plan
    this.plan = undefined
    return plan
  }

  get followArmed(): boolean {
    return this.plan !== undefined
  }
}

/** The registry of live appliances, by console session id. */
export class LiveAppliances {
  private readonly bySession = new Map<string, LiveAppliance>()
  /** The folder of the Luna client the client wizard located last (by any window): where a local terminal starts. */
  lunaClientFolder: string | undefined

  constructor(private readonly keychain: KeptPasswords) {}

  /** A console's transport is opening: its appliance, kept across a reconnection of the same session. */
  open(sessionId: string, opening: ApplianceOpening): LiveAppliance {
    const known = this.bySession.get(sessionId)
    if (known) {
      known.reopened(opening)
      return known
    }
    const appliance = new LiveAppliance(sessionId, opening, this.keychain)
    this.bySession.set(sessionId, appliance)
    return appliance
  }

  get(sessionId: string): LiveAppliance | undefined {
    return this.bySession.get(sessionId)
  }

  /** The client's attached appliance, or a 'not-found' error the operator can act on. */
  mine(client: string, sessionId: string): LiveAppliance {
    const a = this.bySession.get(sessionId)
    if (!a || a.client !== client || !a.attached)
      throw new RacksideError({
        code: 'not-found',
        message: 'This console is closed. Connect again, then run the step from the panel.',
      })
    return a
  }

  /** The console ended (`reopening`: it is being opened again under the same session id). */
  closed(sessionId: string, reopening = false): void {
    const a = this.bySession.get(sessionId)
    if (!a) return
    if (reopening) a.attached = false
    else this.bySession.delete(sessionId)
  }

  /** The admin password the keychain keeps for a saved appliance: an SSH console logs in with it first. */
  keptAdminPassword(profileId: string): Promise<string | undefined> {
    return this.keychain.lookup({ kind: 'appliance-admin', applianceId: profileId })
  }
}
