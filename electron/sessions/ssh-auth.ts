/**
 * Logging in to an SSH server from a console: the method the profile names first (a private key file, its
 * passphrase asked in the console, or the SSH agent), then password and keyboard-interactive as the fallback when
 * the key is refused or missing, trying a known password once before asking in the console.
 */
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import ssh2 from 'ssh2'
import type { AuthHandlerMiddleware, ParsedKey } from 'ssh2'
import { PromptCancelled } from './secret-prompt'
import { learnSecret } from '../vault/redact'
import type { SshTarget } from './ssh-session'

// ssh2 is CommonJS: under plain Node ESM only its default export carries `utils`.
const { utils } = ssh2

/** A path as the operator wrote it, where a leading `~` or `~/` is their home folder, as in a shell. */
export function expandHome(path: string): string {
  if (path === '~') return homedir()
  if (path.startsWith('~/')) return join(homedir(), path.slice(2))
  return path
}

/** Why a key file could not be read, in words. */
function unreadable(error: unknown): string {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'EISDIR':
      return 'it is a folder, not a file'
    case 'ERR_FS_FILE_TOO_LARGE':
      return 'it is larger than 2 GiB, and a private key is a few kilobytes'
  }
  return error instanceof Error ? error.message : String(error)
}

export interface SshLoginContext {
  target: SshTarget
  /** How many typed passwords may be refused before giving up. */
  maxAttempts: number
  /** Says a line in the console, ahead of the shell. */
  say: (text: string) => void
  /** Asks in the console; rejects with PromptCancelled when the question is withdrawn. */
  ask: (text: string, echo?: boolean) => Promise<string>
  /** The operator closed the console: a withdrawn question is then no failure to report. */
  closedByUser: () => boolean
}

export interface SshLogin {
  /** ssh2's authHandler: picks the next method each time the server refuses one. */
  handler: AuthHandlerMiddleware
  /** Why the login failed, in words, once it has. */
  readonly failure: string | undefined
  /** ssh2 could not use the agent (an 'agent' level error): the handler says why when it moves on. */
  agentFailed(error: Error): void
}

/** One login attempt's state: which methods were tried, how many passwords typed, why it failed. */
export function sshLogin(ctx: SshLoginContext): SshLogin {
  const { target: options, maxAttempts } = ctx
  const { host, port, username } = options
  const where = `${host}:${port}`
  let authFailure: string | undefined

  // Password authentication: the initial password once, then up to maxAttempts typed in the console.
  let triedInitial = false
  let initialRefusalSaid = false
  let typedAttempts = 0
  const askPassword = async (): Promise<string | undefined> => {
    if (typedAttempts > 0) ctx.say('Permission denied, please try again.\r\n')
    if (typedAttempts >= maxAttempts) return undefined
    typedAttempts++
    try {
      const answer = await ctx.ask(`${username}@${host}'s password: `)
      learnSecret(answer)
      return answer
    } catch (e) {
      if (!(e instanceof PromptCancelled)) throw e
      authFailure = ctx.closedByUser() ? undefined : `Login to ${where} cancelled.`
      return undefined
    }
  }
  let triedKey = false
  let triedAgent = false
  /** A key offered to the appliance (a key file, or the agent's keys): back in the handler means it was refused. */
  let offered: 'agent' | { path: string } | undefined
  /** Why the key or the agent did not log in: a notice when a password follows, the failure when none can. */
  let problem: { notice: string; failure: string } | undefined
  /** The appliance was asked which methods it allows (ssh2 does not know until it has refused one). */
  let probed = false
  let cancelled = false
  let answerRounds = 0
  const cancelledLogin = () => `Login to ${where} cancelled.`

  type KeyLoad = { key: ParsedKey } | { problem: { notice: string; failure: string } } | { failure: string }
  const loadKey = async (path: string): Promise<KeyLoad> => {
    let data: Buffer
    try {
      data = readFileSync(path)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        return {
          problem: {
            notice: `Key file ${path} not found`,
            failure: `Key file ${path} not found. Check the key file in the connection profile.`,
          },
        }
      return {
        failure: `Could not read the key file ${path}: ${unreadable(error)}. Check the key file in the connection profile.`,
      }
    }
    const usable = (parsed: ParsedKey | ParsedKey[]): KeyLoad => {
      const key = Array.isArray(parsed) ? parsed[0] : parsed
      if (key?.isPrivateKey()) return { key }
      return {
        failure: `${path} is a public key. Choose the private key in the connection profile: the same file name without .pub.`,
      }
    }
    const plain = utils.parseKey(data)
    if (!(plain instanceof Error)) return usable(plain)
    if (!/passphrase|encrypted/i.test(plain.message))
      return {
        failure: `${path} is not a private key Rackside can read (${plain.message}). Choose your private key file in the connection profile, e.g. ~/.ssh/id_ed25519.`,
      }
    for (let attempt = 1; attempt <= 3; attempt++) {
      let passphrase: string
      try {
        passphrase = await ctx.ask(`Passphrase for ${path}: `)
      } catch (e) {
        if (!(e instanceof PromptCancelled)) throw e
        return { failure: cancelledLogin() }
      }
      const parsed = utils.parseKey(data, passphrase)
      if (!(parsed instanceof Error)) {
        learnSecret(passphrase)
        return usable(parsed)
      }
      if (attempt < 3) ctx.say('Wrong passphrase, try again.\r\n')
    }
    return {
      problem: {
        notice: `Three wrong passphrases for ${path}`,
        failure: `Three wrong passphrases for ${path}; Rackside did not log in. Connect again to try once more.`,
      },
    }
  }
  /** A typed password, or (none typed, or out of attempts) the end of the login with its reason. */
  const typedPassword = (next: Parameters<AuthHandlerMiddleware>[2]): void => {
    void askPassword().then((password) => {
      if (password === undefined) {
        authFailure ??= `${username}@${where} refused the password. Check the password and connect again.`
        next(false as never)
      } else next({ type: 'password', username, password })
    })
  }
  const authHandler: AuthHandlerMiddleware = (methodsLeft, partial, next) => {
    const fail = (message: string): void => {
      authFailure ??= message
      next(false as never)
    }
    if (cancelled) return fail(cancelledLogin())
    if (offered === 'agent')
      problem ??= {
        notice: `${where} accepted none of the keys in the SSH agent`,
        failure: `${username}@${where} accepted none of the keys in the SSH agent (list them with ssh-add -l). Add one to the appliance, or choose another login method.`,
      }
    else if (offered)
      problem ??= {
        notice: `${where} refused the key ${offered.path}`,
        failure: `${username}@${where} refused the key ${offered.path}. Add its public key (${offered.path}.pub) to the appliance, or choose another login method.`,
      }
    offered = undefined
    const allowed = methodsLeft ?? ['publickey', 'password', 'keyboard-interactive']
    if (options.auth === 'agent' && !triedAgent && options.agent && allowed.includes('publickey')) {
      triedAgent = true
      offered = 'agent'
      next({ type: 'agent', username, agent: options.agent })
      return
    }
    if (options.auth === 'publickey' && !triedKey && options.keyPath && allowed.includes('publickey')) {
      triedKey = true
      const path = expandHome(options.keyPath)
      loadKey(path).then(
        (loaded) => {
          if ('key' in loaded) {
            offered = { path }
            next({ type: 'publickey', username, key: loaded.key })
          } else if ('failure' in loaded) fail(loaded.failure)
          else {
            problem = loaded.problem
            authHandler(methodsLeft, partial, next)
          }
        },
        (error: unknown) => fail(`Could not use the key file ${path}: ${unreadable(error)}.`),
      )
      return
    }
    if (problem && !methodsLeft && !probed) {
      // Nothing refused yet, so which methods remain is unknown: ask, as OpenSSH does, with 'none'.
      probed = true
      next({ type: 'none', username })
      return
    }
    if (problem) {
      if (!allowed.includes('password') && !allowed.includes('keyboard-interactive'))
        return fail(problem.failure)
      ctx.say(`\x1b[33m[${problem.notice}; trying a password.]\x1b[0m\r\n`)
      problem = undefined
    }
    if (!triedInitial && options.initialPassword !== undefined && allowed.includes('password')) {
      triedInitial = true
      next({ type: 'password', username, password: options.initialPassword })
      return
    }
    if (allowed.includes('password') && options.auth !== 'keyboard-interactive') {
      if (triedInitial && options.initialPasswordFrom && !initialRefusalSaid) {
        initialRefusalSaid = true
        ctx.say(`\x1b[33m[${options.initialPasswordFrom} was refused; type the password.]\x1b[0m\r\n`)
      }
      return typedPassword(next)
    }
    if (allowed.includes('keyboard-interactive')) {
      // Back here after a round of answers: the appliance refused them.
      if (answerRounds >= maxAttempts)
        return fail(`${username}@${where} refused the answers. Check them and connect again.`)
      if (answerRounds > 0) ctx.say('Permission denied, please try again.\r\n')
      answerRounds++
      next({
        type: 'keyboard-interactive',
        username,
        prompt: (_name, _instructions, _lang, prompts, finish) => {
          void (async () => {
            const answers: string[] = []
            for (const p of prompts) {
              let answer: string
              try {
                answer = await ctx.ask(p.prompt, p.echo === true)
              } catch {
                // Empty answers end this round; the handler then ends the login.
                cancelled = true
                authFailure ??= ctx.closedByUser() ? undefined : cancelledLogin()
                return finish([])
              }
              if (!p.echo) learnSecret(answer)
              answers.push(answer)
            }
            finish(answers)
          })()
        },
      })
      return
    }
    if (allowed.includes('password')) {
      return typedPassword(next)
    }
    authFailure = `${where} offers no login Rackside can use (it allows: ${allowed.join(', ') || 'nothing'}).`
    next(false as never)
  }

  return {
    handler: authHandler,
    get failure() {
      return authFailure
    },
    agentFailed(err) {
      problem ??= {
        notice: `The SSH agent at ${options.agent} could not be used (${err.message})`,
        failure: `The SSH agent at ${options.agent} could not be used (${err.message}). Is it running? Otherwise choose another login method.`,
      }
    },
  }
}
