/**
 * The operator's OpenSSH client configuration (~/.ssh/config), read with the `ssh-config` package and resolved
 * for one Host alias the way `ssh -G alias` does for the fields Rackside uses: HostName, User, Port,
 * IdentityFile and ProxyJump (first value wins, Host sections in file order, `!` negation, `*`/`?` wildcards).
 * `Match exec` is never run: the file is read, not executed. Include is not followed (say so where it matters).
 */
import { readFileSync } from 'node:fs'
import { homedir, userInfo } from 'node:os'
import { join } from 'node:path'
import SSHConfig, { LineType } from 'ssh-config'

export function defaultSshConfigFile(): string {
  return join(homedir(), '.ssh', 'config')
}

/** The text of `file`; a missing file is empty, an unreadable one says why. */
export function readSshConfig(file = defaultSshConfigFile()): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ''
    throw new Error(`${file} cannot be read: ${(error as Error).message}`, { cause: error })
  }
}

/** What `ssh -G` would use for a Host alias, for the fields a Rackside profile has. */
export interface ResolvedSshHost {
  alias: string
  hostName: string
  port: number
  /** Only when the config sets one: a profile keeps its own user (an appliance's is `admin`) otherwise. */
  user?: string
  /** The first IdentityFile, with `~` and the %-tokens expanded. */
  identityFile?: string
  /** ProxyJump as written (`bastion`, `user@host:port`, a comma-separated chain); absent for `none`. */
  proxyJump?: string
}

/** Who and where, for %-tokens: the local user and home folder (tests pass their own). */
export interface LocalContext {
  user: string
  home: string
}

const localContext = (): LocalContext => ({ user: userInfo().username, home: homedir() })

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

/** The Host aliases a person can pick: names without wildcards or negation, in file order, once each. */
export function sshConfigAliases(text: string): string[] {
  const out: string[] = []
  for (const line of SSHConfig.parse(text)) {
    if (line.type !== LineType.DIRECTIVE || !/^host$/i.test(line.param)) continue
    const values = Array.isArray(line.value) ? line.value.map((v) => v.val) : line.value.split(/\s+/)
    for (const name of values)
      if (name && !/[*?!]/.test(name) && !name.startsWith('-') && !out.includes(name)) out.push(name)
  }
  return out
}

/**
 * OpenSSH's percent tokens for IdentityFile that a profile can mean: %h the remote host name, %r the remote
 * user, %u the local user, %d the local home, %n the alias as given, %p the port, %% a percent sign. Others
 * (%C, %i, %L, %l…) are left as written, so the path stays visibly unexpanded rather than wrongly guessed.
 */
export function expandTokens(
  path: string,
  facts: { host: string; alias: string; port: number; remoteUser: string },
  local: LocalContext,
): string {
  const expanded = path.replace(/%([%hrudnp])/g, (_m, token: string) => {
    switch (token) {
      case 'h':
        return facts.host
      case 'r':
        return facts.remoteUser
      case 'u':
        return local.user
      case 'd':
        return local.home
      case 'n':
        return facts.alias
      case 'p':
        return String(facts.port)
      default:
        return '%'
    }
  })
  if (expanded === '~') return local.home
  return expanded.startsWith('~/') ? join(local.home, expanded.slice(2)) : expanded
}

/** What ssh -G gives for `alias` in `text`, for HostName, User, Port, IdentityFile and ProxyJump. */
export function resolveSshHost(
  text: string,
  alias: string,
  local: LocalContext = localContext(),
): ResolvedSshHost {
  const computed = SSHConfig.parse(text).compute({ Host: alias }, { ignoreCase: true, matchExec: false })
  // HostName may itself hold %h (the alias), as in `HostName %h.mgmt.example.net`.
  const hostName = (first(computed['hostname']) ?? alias).replace(/%h/g, alias)
  const portText = first(computed['port'])
  const port = portText !== undefined && /^\d{1,5}$/.test(portText) ? Number(portText) : 22
  const user = first(computed['user'])
  const identity = first(computed['identityfile'])
  const jump = first(computed['proxyjump'])
  return {
    alias,
    hostName,
    port: port >= 1 && port <= 65535 ? port : 22,
    ...(user !== undefined ? { user } : {}),
    ...(identity !== undefined
      ? {
          identityFile: expandTokens(
            identity,
            { host: hostName, alias, port, remoteUser: user ?? local.user },
            local,
          ),
        }
      : {}),
    ...(jump !== undefined && jump.toLowerCase() !== 'none' ? { proxyJump: jump } : {}),
  }
}

/** One hop of a ProxyJump as written: `[user@]host[:port]`, `[user@][v6addr]:port`, or `ssh://user@host:port`. */
export interface JumpSpec {
  user?: string
  host: string
  port?: number
}

/** Splits a ProxyJump value into its hops, first hop first; a hop that cannot be read is an error naming it. */
export function parseProxyJump(text: string): JumpSpec[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const m = /^(?:ssh:\/\/)?(?:([^@\s/]+)@)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(?::(\d{1,5}))?\/?$/.exec(
        part,
      )
      const host = m?.[2]?.replace(/^\[|\]$/g, '')
      const port = m?.[3] !== undefined ? Number(m[3]) : undefined
      if (!m || !host || host.startsWith('-') || (port !== undefined && (port < 1 || port > 65535)))
        throw new Error(`The jump host "${part}" is not [user@]host[:port].`)
      return { ...(m[1] ? { user: m[1] } : {}), host, ...(port !== undefined ? { port } : {}) }
    })
}

/** A hop resolved through the config, as ssh -J does: the hop's own HostName, User, Port and IdentityFile. */
export interface ResolvedJump {
  host: string
  port: number
  user: string
  identityFile?: string
}

/**
 * The hops of `proxyJump`, each resolved through `text` (a hop named by an alias gets that alias's HostName,
 * Port, User and IdentityFile; a user or port written in the hop wins). A hop's user defaults to the local
 * user, as OpenSSH's does. A hop's own ProxyJump is not followed: write the whole chain instead.
 */
export function resolveProxyJump(
  text: string,
  proxyJump: string,
  local: LocalContext = localContext(),
): ResolvedJump[] {
  return parseProxyJump(proxyJump).map((hop) => {
    const resolved = resolveSshHost(text, hop.host, local)
    const user = hop.user ?? resolved.user ?? local.user
    return {
      host: resolved.hostName,
      port: hop.port ?? resolved.port,
      user,
      ...(resolved.identityFile !== undefined ? { identityFile: resolved.identityFile } : {}),
    }
  })
}
