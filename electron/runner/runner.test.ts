import { describe, expect, it, vi } from 'vitest'
import { CommandRunner, RunnerBusyError, type RunCallbacks } from './runner'
import { ScriptedShell, type ShellOptions, type ShellScript } from './testing/scripted-shell'
import {
  clientDelete,
  firstLoginPasswordChange,
  serialLogin,
  hsmInit,
  hsmLogin,
  hsmShow,
  networkHostname,
  partitionCreate,
  partitionList,
} from '../../shared/lunash/commands'
import hsmShow53 from '../../shared/lunash/fixtures/hsm-show-5.3.txt?raw'

/** The output part of a reference transcript (without its first line, the echoed command). */
const outputOf = (transcript: string): string =>
  transcript
    .split('\n')
    .slice(1)
    .join('\n')
    .replace(/\n*Command Result[^\n]*\n?$/, '')

const callbacks = (over: Partial<RunCallbacks> = {}): RunCallbacks & { asked: string[] } => {
  const asked: string[] = []
  return {
    asked,
    confirm: vi.fn(async () => ({ proceed: false })),
    secret: vi.fn(async (r) => {
      asked.push(r.secret)
      return 'Sup3r-Secret!'
    }),
    ped: vi.fn(),
    ...over,
  }
}

const hsmShowScript: ShellScript = {
  'hsm show': (sh) => {
    sh.print(outputOf(hsmShow53))
    sh.result(0)
  },
}

function setup(script: ShellScript, options: ShellOptions = {}) {
  const shell = new ScriptedShell(script, options)
  const runner = new CommandRunner(shell, { promptQuietMs: 10, resyncMs: 200 })
  return { shell, runner }
}

describe('the runner types a command and reads its facts', () => {
  const shapes: [string, ShellOptions][] = [
    ['in one piece', {}],
    ['byte by byte', { chunk: 1 }],
    ['in 7-character chunks with CRLF', { chunk: 7, crlf: true }],
    ['with ANSI codes and CRLF in 3-character chunks', { chunk: 3, crlf: true, ansi: true }],
  ]
  it.each(shapes)('learns the prompt, runs hsm show and parses it (%s)', async (_name, options) => {
    const { shell, runner } = setup(hsmShowScript, options)
    const result = await runner.run(hsmShow, {}, callbacks())
    expect(result.status).toBe('done')
    expect(result.resultCode).toBe(0)
    expect(result.facts).toMatchObject({ label: 'patchLuna', serial: '157541', loginAttemptsLeft: 3 })
    expect(result.promptHost).toBe('local_host')
    expect(shell.lines).toEqual(['hsm show'])
    expect(result.transcript).toContain('HSM Label:')
  })

  it('types the next command straight away once it knows the prompt', async () => {
    const { shell, runner } = setup(hsmShowScript)
    await runner.run(hsmShow, {}, callbacks())
    await runner.run(hsmShow, {}, callbacks())
    expect(shell.lines).toEqual(['hsm show', 'hsm show'])
  })

  it('relearns the prompt after a hostname change', async () => {
    const { shell, runner } = setup({
      'network hostname hsm-rack-07': (sh) => {
        sh.host = 'hsm-rack-07'
        sh.print('Success: Hostname hsm-rack-07 set.\n')
        sh.result(0)
      },
      ...hsmShowScript,
    })
    const result = await runner.run(networkHostname, { hostname: 'hsm-rack-07' }, callbacks())
    expect(result.status).toBe('done')
    expect(result.promptHost).toBe('hsm-rack-07')
    expect(runner.promptHost).toBe('hsm-rack-07')
    expect((await runner.run(hsmShow, {}, callbacks())).status).toBe('done')
    expect(shell.lines.at(-1)).toBe('hsm show')
  })

  it('refuses a hostname with a newline and sends nothing', async () => {
    const { shell, runner } = setup(hsmShowScript)
    const result = await runner.run(networkHostname, { hostname: 'evil\nhsm init -label x -f' }, callbacks())
    expect(result.status).toBe('failed')
    expect(result.reason).toMatch(/Nothing was sent: Hostname contains a newline/)
    expect(shell.written).toEqual([])
  })

  it('reports a failed command with the lunash error', async () => {
    const { runner } = setup({
      'partition list': (sh) => {
        sh.print(
          "\n\nError:  'partition list' failed. (C000040A : RC_OBJECT_NOT_IN_LIST)\n\nError:  Nope.\n\n",
        )
        sh.result(65535)
      },
    })
    const result = await runner.run(partitionList, {}, callbacks())
    expect(result).toMatchObject({
      status: 'failed',
      resultCode: 65535,
      error: { code: 'C000040A', name: 'RC_OBJECT_NOT_IN_LIST', messages: ['Nope.'] },
    })
  })

  it('names the appliance’s reason when there is no failed line (an unknown command)', async () => {
    const { runner } = setup({
      'partition list': (sh) => {
        sh.print('\nError:  Invalid command: partition list\n')
        sh.result(65535)
      },
    })
    const result = await runner.run(partitionList, {}, callbacks())
    expect(result).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('Invalid command: partition list'),
    })
  })
})

describe('one runner per console', () => {
  it('refuses a second command while one runs, and says busy', async () => {
    const { runner } = setup(hsmShowScript)
    const changes: boolean[] = []
    runner.onBusyChange((busy) => changes.push(busy))
    const first = runner.run(hsmShow, {}, callbacks())
    expect(runner.busy).toBe(true)
    expect(runner.running).toBe('hsm show')
    expect(() => runner.run(hsmShow, {}, callbacks())).toThrow(RunnerBusyError)
    await first
    expect(runner.busy).toBe(false)
    expect(changes).toEqual([true, false])
  })
})

const clientDeleteScript: ShellScript = {
  'client delete -client web01': async (sh) => {
    const answer = await sh.ask(
      "\nCAUTION:  Are you sure you wish to delete client named:\n            web01\n          Type 'proceed' to delete the client, or 'quit'\n          to quit now.\n          > ",
    )
    if (answer === 'proceed') {
      sh.print("'client delete' successful.\n")
      sh.result(0)
    } else {
      sh.print('Command aborted.\n')
      sh.result(65535)
    }
  },
}

describe('confirmations are the operator’s', () => {
  it('sends quit when the operator declines, and the command is not done', async () => {
    const { shell, runner } = setup(clientDeleteScript)
    const cb = callbacks({ confirm: vi.fn(async () => ({ proceed: false })) })
    const result = await runner.run(clientDelete, { client: 'web01' }, cb)
    expect(result.status).toBe('failed')
    expect(result.reason).toMatch(/declined; quit was sent/)
    expect(shell.lines).toContain('quit')
    expect(shell.lines).not.toContain('proceed')
  })

  it.each([
    ['in one piece', {}],
    ['byte by byte', { chunk: 1 }],
    ['in 5-character chunks with CRLF and ANSI', { chunk: 5, crlf: true, ansi: true }],
  ] as [string, ShellOptions][])(
    'asks the operator to type the client name for a destructive delete (%s)',
    async (_name, options) => {
      const { shell, runner } = setup(clientDeleteScript, options)
      const confirm = vi.fn(async () => ({ proceed: true, typed: 'web01' }))
      const result = await runner.run(clientDelete, { client: 'web01' }, callbacks({ confirm }))
      expect(confirm).toHaveBeenCalledWith(
        expect.objectContaining({
          destructive: true,
          mustType: 'web01',
          question: expect.stringContaining("Type 'proceed'"),
        }),
      )
      expect(result.status).toBe('done')
      expect(shell.lines).toContain('proceed')
    },
  )

  it('sends quit when the typed confirmation does not match', async () => {
    const { shell, runner } = setup(clientDeleteScript)
    const result = await runner.run(
      clientDelete,
      { client: 'web01' },
      callbacks({ confirm: async () => ({ proceed: true, typed: 'web02' }) }),
    )
    expect(result.status).toBe('failed')
    expect(result.reason).toMatch(/did not match "web01"/)
    expect(shell.lines).not.toContain('proceed')
  })

  it('never answers a confirmation the command row does not declare', async () => {
    const confirm = vi.fn(async () => ({ proceed: true }))
    const { shell, runner } = setup({
      'hsm show': async (sh) => {
        await sh.ask("Type 'proceed' to zeroize the HSM, or 'quit' to quit now.\n> ")
        sh.result(65535)
      },
    })
    const result = await runner.run(hsmShow, {}, callbacks({ confirm }))
    expect(result.status).not.toBe('done')
    expect(confirm).not.toHaveBeenCalled()
    expect(shell.lines).toContain('quit')
  })

  it('abort at a confirmation sends quit', async () => {
    const { shell, runner } = setup(clientDeleteScript)
    const confirm = vi.fn(() => new Promise<never>(() => {}))
    const pending = runner.run(clientDelete, { client: 'web01' }, callbacks({ confirm }))
    await vi.waitFor(() => expect(confirm).toHaveBeenCalled())
    runner.abort()
    const result = await pending
    expect(result.status).toBe('failed')
    expect(shell.lines).toContain('quit')
  })
})

const partitionCreateScript: ShellScript = {
  'partition create -partition cms01': async (sh) => {
    sh.print(
      '\nOn completion, you will have this number of partitions: 1\n\n-label:  Not provided; using name for label.\n\n',
    )
    const a = await sh.ask('Please enter a password for the partition:\n> ', true)
    const b = await sh.ask('\nPlease re-enter password to confirm:\n> ', true)
    const c = await sh.ask('\nPlease enter a cloning domain to use when creating this partition:\n> ', true)
    const d = await sh.ask('\nPlease re-enter cloning domain to confirm:\n> ', true)
    if (a !== b || c !== d) {
      sh.result(65535)
      return
    }
    const go = await sh.ask(
      "\nType 'proceed' to create the initialized partition, or 'quit' to quit now.\n> ",
    )
    if (go === 'proceed') sh.print("'partition create' successful.\n")
    sh.result(go === 'proceed' ? 0 : 65535)
  },
}

describe('secrets', () => {
  it.each([
    ['in one piece', {}],
    ['byte by byte', { chunk: 1 }],
    ['in 4-character chunks with CRLF and ANSI', { chunk: 4, crlf: true, ansi: true }],
  ] as [string, ShellOptions][])(
    'answers password prompts from the provider, once per secret, and never keeps them (%s)',
    async (_name, options) => {
      const { runner } = setup(partitionCreateScript, { echoSecrets: true, ...options })
      const cb = callbacks({ confirm: async () => ({ proceed: true }) })
      const result = await runner.run(partitionCreate, { partition: 'cms01' }, cb)
      expect(result.status).toBe('done')
      expect(cb.asked).toEqual(['partition-password', 'partition-domain'])
      expect(result.transcript).not.toContain('Sup3r-Secret!')
      expect(result.transcript).toContain('********')
      expect(JSON.stringify(result)).not.toContain('Sup3r-Secret!')
    },
  )

  it('types secrets through the channel’s writeSecret when it has one, so the session can keep them out of its logs', async () => {
    const shell = new ScriptedShell(partitionCreateScript)
    const secretWrites: string[] = []
    const channel = {
      write: (t: string) => shell.write(t),
      writeSecret: (t: string) => {
        secretWrites.push(t)
        shell.write(t)
      },
      onData: (l: (t: string) => void) => shell.onData(l),
      onClose: (l: (r: string) => void) => shell.onClose(l),
    }
    const runner = new CommandRunner(channel, { promptQuietMs: 10 })
    const result = await runner.run(
      partitionCreate,
      { partition: 'cms01' },
      callbacks({ confirm: async () => ({ proceed: true }) }),
    )
    expect(result.status).toBe('done')
    expect(secretWrites).toHaveLength(4)
    expect(shell.written.filter((w) => w.includes('Sup3r-Secret!'))).toHaveLength(4)
  })

  it('does not retry a refused password: Ctrl-C, and no second attempt is spent', async () => {
    const { shell, runner } = setup({
      'hsm login': async (sh) => {
        await sh.ask("\nPlease enter the HSM Administrators' password:\n> ", true)
        await sh.ask("\nPlease enter the HSM Administrators' password:\n> ", true)
        sh.result(0)
      },
    })
    const cb = callbacks()
    const result = await runner.run(hsmLogin, {}, cb)
    expect(result.status).not.toBe('done')
    expect(result.reason).toMatch(/not accepted/)
    expect(cb.asked).toEqual(['hsm-so-password'])
    expect(shell.interrupted).toBe(1)
  })

  it('stops at a password prompt the row does not declare', async () => {
    const { shell, runner } = setup({
      'hsm show': async (sh) => {
        await sh.ask('Please enter the audit password:\n> ', true)
        sh.result(0)
      },
    })
    const cb = callbacks()
    const result = await runner.run(hsmShow, {}, cb)
    expect(result.status).toBe('unknown')
    expect(cb.asked).toEqual([])
    expect(shell.interrupted).toBe(1)
  })
})

describe('PED operations', () => {
  it('shows the key colour and role and waits longer than the inactivity timeout', async () => {
    const { runner } = setup({
      'hsm init -label rack07': async (sh) => {
        const go = await sh.ask(
          "\nCAUTION: Are you sure you wish to re-initialize this HSM? All partitions and data will be erased.\nType 'proceed' to initialize the HSM, or 'quit' to quit now.\n> ",
        )
        if (go !== 'proceed') return sh.result(65535)
        sh.print('Luna PED operation required to initialize HSM - use gray and blue PED keys.\n')
        await new Promise((r) => setTimeout(r, 250))
        sh.print("'hsm init' successful.\n")
        sh.result(0)
      },
    })
    const ped = vi.fn()
    const result = await runner.run(
      hsmInit,
      { label: 'rack07' },
      callbacks({ ped, confirm: async () => ({ proceed: true, typed: 'rack07' }) }),
      { timeoutMs: 100, capMs: 5_000 },
    )
    expect(result.status).toBe('done')
    expect(ped).toHaveBeenCalledWith(
      expect.objectContaining({
        operation: 'initialize HSM',
        keys: [
          { colour: 'blue', role: expect.stringContaining('Security Officer') },
          { colour: 'gray', role: 'Crypto User' },
        ],
      }),
    )
  })
})

describe('never done unless proven', () => {
  it('a connection lost mid-command is unknown', async () => {
    const { runner } = setup({
      'hsm show': (sh) => {
        sh.print('\n   Appliance Details:\n')
        setTimeout(() => sh.hangUp(), 20)
      },
    })
    const result = await runner.run(hsmShow, {}, callbacks())
    expect(result.status).toBe('unknown')
    expect(result.reason).toMatch(/^unknown — re-verify: the connection was lost/)
  })

  it('disposing the runner (the console closes) ends a running command as unknown', async () => {
    const { runner, shell } = setup({ 'hsm show': (sh) => sh.hang() })
    const pending = runner.run(hsmShow, {}, callbacks())
    await vi.waitFor(() => expect(shell.lines).toContain('hsm show'))
    runner.dispose()
    expect((await pending).status).toBe('unknown')
  })

  it('a command that never returns hits the cap, gets Ctrl-C and is unknown', async () => {
    const { shell, runner } = setup({
      'hsm show': async (sh) => {
        const tick = setInterval(() => sh.print('.'), 20)
        await sh.hang()
        clearInterval(tick)
      },
    })
    const result = await runner.run(hsmShow, {}, callbacks(), { timeoutMs: 1_000, capMs: 300 })
    expect(result.status).toBe('unknown')
    expect(result.reason).toMatch(/did not finish within/)
    expect(shell.interrupted).toBe(1)
  })

  it('abort during a running command sends one Ctrl-C and ends unknown at once', async () => {
    const { shell, runner } = setup({ 'hsm show': (sh) => sh.hang() })
    const pending = runner.run(hsmShow, {}, callbacks(), { timeoutMs: 60_000, capMs: 60_000 })
    await vi.waitFor(() => expect(shell.lines).toContain('hsm show'))
    const started = Date.now()
    runner.abort()
    const result = await pending
    expect(result.status).toBe('unknown')
    expect(result.reason).toMatch(/aborted by the operator/)
    expect(shell.interrupted).toBe(1)
    expect(Date.now() - started).toBeLessThan(1_000)
    expect(runner.busy).toBe(false)
  })

  it('silence hits the inactivity timeout and is unknown', async () => {
    const { shell, runner } = setup({ 'hsm show': (sh) => sh.hang() })
    const result = await runner.run(hsmShow, {}, callbacks(), { timeoutMs: 150, capMs: 5_000 })
    expect(result.status).toBe('unknown')
    expect(shell.interrupted).toBe(1)
  })

  it('garbage with a success line is unknown, not done', async () => {
    const { runner } = setup({
      'hsm show': (sh) => {
        sh.print('\x1b[7m#%@!&*\x00\x7f q8w7e6r5 ~~~ \n;;;;\n')
        sh.result(0)
      },
    })
    const result = await runner.run(hsmShow, {}, callbacks())
    expect(result.status).toBe('unknown')
  })

  it('a prompt with no Command Result is unknown', async () => {
    const { runner } = setup({
      'hsm show': (sh) => {
        sh.print('\n   HSM Label:  x\n')
        sh.prompt()
      },
    })
    const result = await runner.run(hsmShow, {}, callbacks())
    expect(result.status).toBe('unknown')
  })
})

describe('read-back', () => {
  it('is done only when the appliance shows the new state', async () => {
    const partitions: string[] = []
    const script: ShellScript = {
      ...partitionCreateScript,
      'partition list': (sh) => {
        sh.print(
          partitions.length === 0
            ? '\n   There are no partitions.\n'
            : '\n Partition    Name      Objects     Total      Used      Free\n ====\n' +
                partitions.map((p, i) => ` 15754100${i}    ${p}    0    102701    0    102701\n`).join(''),
        )
        sh.result(0)
      },
    }
    const { runner } = setup(script)
    const cb = callbacks({ confirm: async () => ({ proceed: true }) })
    const notThere = await runner.runStep(partitionCreate, { partition: 'cms01' }, cb)
    expect(notThere.status).toBe('failed')
    expect(notThere.reason).toMatch(/read-back does not show/)
    partitions.push('cms01')
    const there = await runner.runStep(partitionCreate, { partition: 'cms01' }, cb)
    expect(there.status).toBe('done')
    expect(there.readBack?.evidence).toMatch(/partition list: cms01/)
  })
})

describe('first login', () => {
  it('attends the forced password change without typing a command', async () => {
    const shell = new ScriptedShell({})
    const runner = new CommandRunner(shell, { promptQuietMs: 10 })
    shell.print(
      'You are required to change your password immediately (root enforced)\nChanging password for admin\n',
    )
    const flow = (async () => {
      await shell.ask('(current) UNIX password:', true)
      await shell.ask('\n\nYou can now choose the new password.\n\nEnter new password:', true)
      await shell.ask('\nRe-type new password:', true)
      shell.print(
        '\n\nLast login: Mon Jan 30 11:24:00 from 172.20.10.180\n\nLuna SA 5.1.0-24 Command Line Shell - Copyright (c) 2001-2011 SafeNet, Inc. All rights reserved.\n\nCommand Result: 0 (Success)\n',
      )
      shell.prompt()
    })()
    const cb = callbacks({
      secret: async (r) => (r.secret === 'appliance-current-password' ? 'PASSWORD' : 'N3w-Admin-Pw'),
    })
    const result = await runner.run(firstLoginPasswordChange, {}, cb)
    await flow
    expect(result.status).toBe('done')
    expect(result.facts).toEqual({ product: 'Luna SA 5.1.0-24', version: '5.1.0-24' })
    expect(result.interactions.map((i) => i.answer)).toEqual([
      'secret appliance-current-password',
      'secret appliance-new-password',
      'secret appliance-new-password',
    ])
    expect(result.transcript).not.toMatch(/PASSWORD\b|N3w-Admin-Pw/)
  })
})

describe('serial login', () => {
  it('on a quiet line sends nothing: the operator is asked to wake it, then login: and Password: are answered and the first-login change attended', async () => {
    const shell = new ScriptedShell({}, { quiet: true })
    const runner = new CommandRunner(shell, { promptQuietMs: 10, wakeNoticeMs: 50 })
    const flow = (async () => {
      // A serial getty shows its login prompt only once Enter is pressed.
      await shell.ask('')
      const user = await shell.ask(
        '\nLuna SA 5.1.0-24 [Build Time: 20111223 11:55]\n\n[localhost] ttyS0 login: ',
      )
      await shell.ask('Password:', true)
      shell.print(
        'You are required to change your password immediately (root enforced)\nChanging password for admin\n',
      )
      await shell.ask('(current) UNIX password:', true)
      await shell.ask('\nEnter new password:', true)
      await shell.ask('\nRe-type new password:', true)
      shell.print(
        '\nLuna SA 5.1.0-24 Command Line Shell - Copyright (c) 2001-2011 SafeNet, Inc. All rights reserved.\n\nCommand Result: 0 (Success)\n',
      )
      shell.prompt()
      return user
    })()
    const pending: (string | undefined)[] = []
    let typedByRunnerBeforeWake = -1
    const cb = callbacks({
      secret: async (r) => (r.secret === 'appliance-current-password' ? 'PASSWORD' : 'N3w-Admin-Pw'),
      pending: (screen) => {
        pending.push(screen?.kind)
        if (screen?.kind === 'empty') {
          // The operator presses Enter in the console.
          typedByRunnerBeforeWake = shell.written.length
          shell.write('\r')
        }
      },
    })
    const result = await runner.run(serialLogin, { user: 'admin' }, cb)
    expect(await flow).toBe('admin')
    expect(typedByRunnerBeforeWake).toBe(0)
    expect(pending).toEqual(['empty', undefined])
    expect(result.status).toBe('done')
    expect(result.interactions.map((i) => i.answer)).toEqual([
      'admin',
      'secret appliance-current-password',
      'secret appliance-current-password',
      'secret appliance-new-password',
      'secret appliance-new-password',
    ])
    expect(result.transcript).not.toMatch(/PASSWORD\b|N3w-Admin-Pw/)
  })

  it('refuses a user name with a newline and sends nothing', async () => {
    const shell = new ScriptedShell({})
    const runner = new CommandRunner(shell)
    const result = await runner.run(serialLogin, { user: 'admin\nroot' }, callbacks())
    expect(result.status).toBe('failed')
    expect(shell.written).toEqual([])
  })
})
