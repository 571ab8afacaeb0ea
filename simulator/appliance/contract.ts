/**
 * The seam between the appliance (state + lunash, simulator/appliance/) and the ways of reaching it
 * (SSH, SCP, SFTP, serial, NTLS: simulator/transports/). Transports only use what is declared here.
 */

/** 4: Luna SA 3.x/4.x as the HID guide shows it; 5 and 6: 5.x/6.x; 7: Luna Network HSM 7.x. */
export type Era = 4 | 5 | 6 | 7
export type Role = 'admin' | 'operator' | 'monitor'

/** Where the shell writes its output, and how it hangs up the line (exit, network restart, fault). */
export interface ShellTerminal {
  write(text: string): void
  hangup(reason: string): void
}

export interface ShellOptions {
  /** Already authenticated by the transport (SSH); undefined on serial, where the shell asks `login:` itself. */
  user?: string
  transport: 'ssh' | 'serial'
  /** The peer's address, shown in `Last login: ... from <ip>`. */
  remoteAddress: string
  /**
   * How SSH authenticated the user (default password). The factory-password change is forced only at a password
   * login; a public-key login goes straight to the prompt.
   */
  login?: SshLogin
}

export type SshLogin = 'password' | 'publickey'

/** What SSH public-key login may accept for a user: see `ApplianceContract.sshPublicKeys`. */
export interface SshPublicKeys {
  /** `sysconf ssh publickey enable|disable`: when false, no key logs in and publickey is not offered. */
  enabled: boolean
  /** OpenSSH public key lines (`ssh-ed25519 AAAA... comment`) that may log in as this user. */
  keys: string[]
}

/** One interactive lunash session. Input is raw terminal bytes (CR or LF ends a line, DEL/BS erase, ^C aborts). */
export interface Shell {
  input(data: string): void
  resize?(cols: number, rows: number): void
  close(): void
}

export type AuthResult = { ok: true; role: Role; mustChangePassword: boolean } | { ok: false }

export interface NtlsClientView {
  name: string
  /** The registered hostname or IP address (`client register -hostname` / `-ip`). */
  hostnameOrIp: string
  certificatePem: string
  partitions: { name: string; serial: string; label: string }[]
}

/** What the NTLS listener needs to decide who may connect and what they see. */
export interface NtlsView {
  running: boolean
  /** 'all' or an interface name (eth0, eth1, ...). */
  bind: string
  ipcheck: boolean
  serverCertificatePem: string
  serverKeyPem: string
  clients: NtlsClientView[]
}

export interface ApplianceEvents {
  /** The server certificate changed or the NTLS service restarted: drop NTLS connections, reload the certificate. */
  'ntls-changed': () => void
  /** An interface address changed: the appliance restarts networking and drops sessions on that address. */
  'network-restart': (info: { device: string; oldAddress: string; newAddress: string }) => void
}

/**
 * Faults on demand. The shell applies the per-command ones; transports apply the per-line and per-byte ones.
 * All are off by default and can be changed while sessions are open.
 */
export interface Faults {
  /** Transport: delay before each line of output, plus up to jitterMs of random extra. */
  latencyMs?: number
  jitterMs?: number
  /** Transport: drop the connection after this many bytes of output (counted per connection). */
  disconnectAfterBytes?: number
  /** Shell: drop the connection when this command (first words, case-insensitive) is entered. */
  disconnectAtCommand?: string
  /** Shell: this command never returns (no output, no prompt) until Ctrl-C or disconnect. */
  hangAtCommand?: string
  /** Shell: this command's output is cut after `chars` characters and the prompt never comes. */
  truncateAtCommand?: { command: string; chars: number }
  /** Shell: this command's output is replaced by line noise. */
  garbleCommand?: string
  /**
   * Shell: this command's output stops after `afterChars` characters for `ms`, then goes on (the prompt after it
   * waits too): a stalled line, not a dead one.
   */
  stallAtCommand?: { command: string; afterChars: number; ms: number }
  /**
   * Shell: noise mixed into this command's output: stray bytes ('garbage'), or escape sequences a terminal
   * swallows ('ansi', also in the prompt that follows). With a seed, where it lands is repeatable.
   */
  noiseAtCommand?: { command: string; kind: 'garbage' | 'ansi'; seed?: number }
  /** Shell: this command's result line says the opposite of what happened (success as 65535, failure as 0). */
  wrongResultAtCommand?: string
  /**
   * Shell: the connection drops after this command printed `afterChars` characters (before its result line if
   * it prints fewer); whatever the command changed before that stays changed.
   */
  disconnectDuringCommand?: { command: string; afterChars: number }
  /** Shell: the connection drops after this command's result line, before the next prompt. */
  disconnectAfterCommand?: string
  /** Transport: all output paced at this many bytes a second (a slow serial line: 960 is 9600 baud 8N1). */
  lineBytesPerSecond?: number
  /** Shell: PED operations wait this long (ms) before the PED answers. */
  pedDelayMs?: number
  /** Shell: PED operations time out instead of completing. */
  pedTimeout?: boolean
  /** NTLS transport: refuse connections as if the port were closed. */
  ntlsDown?: boolean
}

export interface ApplianceOptions {
  /** HSM serial, e.g. '157541'; partitions get this serial plus a three-digit suffix. */
  serial: string
  era: Era
  /** Until set with `net hostname` the prompt shows local_host. */
  hostname?: string
  /** JSON file the appliance loads at start and saves after every change (`--state FILE`). */
  stateFile?: string
  /** The address eth0 has at start (the loopback address the transports listen on). */
  eth0Address: string
  /**
   * Added by the appliance side (optional): a password-authenticated HSM (default) or a PED-authenticated one,
   * whose hsm init / login / partition create ask for PED keys. Given explicitly, it also applies to a loaded state.
   */
  hsmAuthentication?: 'password' | 'ped'
}

/** simulator/appliance/index.ts exports `createAppliance(options: ApplianceOptions): Promise<ApplianceContract>`. */
export interface ApplianceContract {
  /** The SSH host key (OpenSSH private key text), generated once and kept in the state file. */
  sshHostKey(): string
  faults(): Faults
  setFaults(faults: Faults): void
  readonly serial: string
  readonly era: Era
  hostname(): string
  authenticate(user: string, password: string): AuthResult
  /**
   * Public-key login for `user`: whether it is enabled, and the keys added with `sysconf ssh publickey add`
   * (they belong to admin; other users and disabled accounts get none). The transport checks the key and the
   * signature itself.
   */
  sshPublicKeys(user: string): SshPublicKeys
  openShell(terminal: ShellTerminal, options: ShellOptions): Shell
  /** `ssh admin@hsm "hsm show"`: runs one command line; output includes the trailing Command Result. */
  runOneShot(
    user: string,
    commandLine: string,
    remoteAddress: string,
    options?: { login?: SshLogin },
  ): Promise<{ output: string; exitCode: number }>
  /** Files in the admin's home (uploaded with scp, `my file list`); server.pem is always readable. */
  readFile(name: string): Buffer | undefined
  writeFile(name: string, data: Buffer): void
  ntlsView(): NtlsView
  on<E extends keyof ApplianceEvents>(event: E, listener: ApplianceEvents[E]): void
  off<E extends keyof ApplianceEvents>(event: E, listener: ApplianceEvents[E]): void
}
