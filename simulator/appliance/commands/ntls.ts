import type { CommandContext, CommandSpec } from '../commandTable'
import { usageError } from '../errors'
import { FORCE } from './common'
import { startService, stopService } from './service'

function bindingText(ctx: CommandContext): string {
  const { bind, running, bindAddress } = ctx.app.state.ntls
  const interfaces = ctx.app.state.network.interfaces
  const address = bindAddress ?? (bind === 'all' ? '0.0.0.0' : (interfaces[bind]?.address ?? ''))
  // The HID guide's 4.x line: bound to an address, the device reads `none` and the interface follows it.
  const first = `NTLS bound to network device: ${bindAddress ? 'none' : bind} IP Address: "${address}" (${bind})\n`
  if (ctx.app.state.era === 4) return first
  // unverified: NOT FOUND in reference (`ntls show` after 4.x); the 4.x line, then the state.
  return (
    first +
    `NTLS is ${running ? 'running' : 'not running'}\n` +
    `NTLS client source IP validation : ${ctx.app.state.ntls.ipcheck ? 'Enable' : 'Disable'}\n`
  )
}

async function bind(ctx: CommandContext): Promise<void> {
  const { app, io } = ctx
  const interfaces = app.state.network.interfaces
  const target = ctx.positional[0]?.toLowerCase()
  const byAddress = ctx.option('bind')
  // 7.x binds to a network device only (reference §2.4); -bind is a 4.x–6.x option.
  // unverified: NOT FOUND in reference (7.x's reply to -bind).
  if (byAddress !== undefined && app.state.era === 7) throw usageError('Unknown option: -bind')
  let device: string | undefined
  if (byAddress !== undefined) {
    device = Object.entries(interfaces).find(([, i]) => i.address === byAddress)?.[0]
    if (!device) throw usageError(`No network device has the address ${byAddress}.`)
  } else if (target === 'all' || (target !== undefined && target in interfaces)) {
    device = target
  }
  if (!device) throw usageError(`Invalid network device: ${ctx.positional[0] ?? ''}. Use eth0, eth1 or all.`)
  app.state.ntls.bind = device
  if (byAddress !== undefined) app.state.ntls.bindAddress = byAddress
  else delete app.state.ntls.bindAddress
  app.commit()
  if (app.state.era === 7) {
    io.print(
      `NTLS binding set to network device ${device}.\n` +
        // The reference truncates this line after "for the"; the rest is unverified.
        'You must restart the NTLS service for the new settings to take effect.\n',
    )
    return
  }
  io.print(
    byAddress !== undefined
      ? `Success: NTLS binding hostname or IP Address ${byAddress} set.\n`
      : `Success: NTLS binding network device ${device} set.\n`,
  )
  io.print('NOTICE: The NTLS service must be restarted for new settings to take effect.\n')
  const restart =
    ctx.force ||
    (await io.confirm(
      "If you are sure that you wish to restart NTLS, then type 'proceed'; otherwise type 'quit':\n> ",
    ))
  if (!restart) return
  io.print(`${ctx.force ? '' : 'Proceeding...\n'}Restarting NTLS service...\n`)
  io.print(stopService(ctx, 'ntls').replace(/^Checking[^\n]*\n[^\n]*\n/, '') + startService(ctx, 'ntls'))
  app.commit()
  app.emit('ntls-changed')
}

export const ntlsCommands: CommandSpec[] = [
  {
    words: ['ntls', 'bind'],
    summary: 'Bind NTLS to a network device',
    access: 'admin',
    options: [{ name: 'bind', short: ['b'] }, FORCE],
    run: bind,
  },
  {
    words: ['ntls', 'show'],
    summary: 'Show the NTLS binding',
    access: 'read',
    run: async (ctx) => ctx.io.print(bindingText(ctx)),
  },
  {
    words: ['ntls', 'ipcheck', 'enable'],
    summary: 'Check client source IP addresses',
    access: 'admin',
    run: async ({ app, io }) => {
      app.state.ntls.ipcheck = true
      app.commit()
      io.print('NTLS client source IP validation enabled\n')
    },
  },
  {
    words: ['ntls', 'ipcheck', 'disable'],
    summary: 'Do not check client source IP addresses (NAT)',
    access: 'admin',
    run: async ({ app, io }) => {
      app.state.ntls.ipcheck = false
      app.commit()
      io.print('NTLS client source IP validation disabled\n')
    },
  },
  {
    words: ['ntls', 'ipcheck', 'show'],
    summary: 'Show whether client source IPs are checked',
    access: 'read',
    run: async ({ app, io }) =>
      io.print(`NTLS client source IP validation : ${app.state.ntls.ipcheck ? 'Enable' : 'Disable'}\n`),
  },
]
