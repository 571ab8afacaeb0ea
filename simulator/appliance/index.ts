import type {
  ApplianceContract,
  ApplianceEvents,
  ApplianceOptions,
  AuthResult,
  Era,
  Faults,
  NtlsView,
  Shell,
  ShellOptions,
  ShellTerminal,
  SshLogin,
  SshPublicKeys,
} from './contract'
import { createCommandTable } from './commands/index'
import { ApplianceCore } from './core'
import { runOneShot } from './oneShot'
import { LunaShell } from './shell'
import { authenticate, findUser } from './users'
import { ntlsView } from './ntlsView'

export type * from './contract'

/** Creates (or, with a state file, restores) one simulated appliance. */
export async function createAppliance(options: ApplianceOptions): Promise<ApplianceContract> {
  const core = ApplianceCore.create(options)
  return new Appliance(core)
}

class Appliance implements ApplianceContract {
  private readonly table: ReturnType<typeof createCommandTable>

  constructor(readonly core: ApplianceCore) {
    // The era's own command words (4.x says `net`, not `network`).
    this.table = createCommandTable(core.state.era)
  }

  get serial(): string {
    return this.core.state.serial
  }

  get era(): Era {
    return this.core.state.era
  }

  sshHostKey(): string {
    return this.core.state.sshHostKey
  }

  faults(): Faults {
    return { ...this.core.faults }
  }

  setFaults(faults: Faults): void {
    this.core.faults = { ...faults }
  }

  hostname(): string {
    return this.core.hostname
  }

  authenticate(user: string, password: string): AuthResult {
    return authenticate(this.core.state, user, password)
  }

  sshPublicKeys(user: string): SshPublicKeys {
    const ssh = this.core.state.ssh
    const account = findUser(this.core.state, user)
    const keys = user === 'admin' && account?.enabled ? ssh.publicKeys.map((k) => k.key) : []
    return { enabled: ssh.publicKeyAuth, keys }
  }

  openShell(terminal: ShellTerminal, options: ShellOptions): Shell {
    return new LunaShell(this.core, this.table, terminal, options)
  }

  runOneShot(
    user: string,
    commandLine: string,
    remoteAddress: string,
    options: { login?: SshLogin } = {},
  ): Promise<{ output: string; exitCode: number }> {
    return runOneShot(this.core, this.table, user, commandLine, remoteAddress, options.login ?? 'password')
  }

  readFile(name: string): Buffer | undefined {
    return this.core.readFile(name)
  }

  writeFile(name: string, data: Buffer): void {
    this.core.writeFile(name, data)
  }

  ntlsView(): NtlsView {
    return ntlsView(this.core.state)
  }

  on<E extends keyof ApplianceEvents>(event: E, listener: ApplianceEvents[E]): void {
    this.core.emitter.on(event, listener)
  }

  off<E extends keyof ApplianceEvents>(event: E, listener: ApplianceEvents[E]): void {
    this.core.emitter.off(event, listener)
  }
}
