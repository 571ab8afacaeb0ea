import type { CommandContext, CommandSpec } from '../commandTable'
import { usageError } from '../errors'
import { initLine } from '../printers/services'

const SERVICES = ['ntls', 'ntp', 'syslog', 'snmp', 'stc', 'sshd'] as const
type ServiceName = (typeof SERVICES)[number]

function serviceArg(ctx: CommandContext): ServiceName {
  const name = (ctx.positional[0] ?? '').toLowerCase()
  const service = SERVICES.find((s) => s === name)
  if (!service)
    throw usageError(`Invalid service: ${ctx.positional[0] ?? ''}. Choose one of ${SERVICES.join(', ')}.`)
  return service
}

function isRunning(ctx: CommandContext, service: ServiceName): boolean {
  const state = ctx.app.state
  if (service === 'ntls') return state.ntls.running
  if (service === 'ntp') return state.ntp.running
  return service === 'syslog' || service === 'sshd'
}

const daemon: Record<ServiceName, string> = {
  ntls: 'ntls',
  ntp: 'ntpd',
  syslog: 'syslogd',
  snmp: 'snmpd',
  stc: 'stc',
  sshd: 'sshd',
}

function stop(ctx: CommandContext, service: ServiceName): string {
  const state = ctx.app.state
  let text = ''
  if (service === 'ntls') {
    // Seen in the HID procedure's `service r ntls`.
    text +=
      'Checking for connected clients before stopping NTLS service:\nThere are no connected clients. Proceeding...\n'
  }
  const running = isRunning(ctx, service)
  text += initLine(service === 'ntp' ? 'Shutting down ntpd:' : `Stopping ${daemon[service]}:`, running)
  if (service === 'ntls') state.ntls.running = false
  if (service === 'ntp') state.ntp.running = false
  return text
}

function start(ctx: CommandContext, service: ServiceName): string {
  const state = ctx.app.state
  if (service === 'ntls') {
    // NTLS loads the current server certificate when it starts (after regenCert).
    state.ntls.running = true
    state.ntls.activeCertPem = state.ntls.certPem
    state.ntls.activeKeyPem = state.ntls.keyPem
  }
  if (service === 'ntp') state.ntp.running = true
  return initLine(`Starting ${daemon[service]}:`)
}

function finish(ctx: CommandContext, service: ServiceName, text: string): void {
  ctx.app.commit()
  ctx.io.print(text)
  if (service === 'ntls') ctx.app.emit('ntls-changed')
}

export const serviceCommands: CommandSpec[] = [
  {
    words: ['service', 'status'],
    summary: 'Show whether a service runs',
    access: 'read',
    run: async (ctx) => {
      const service = serviceArg(ctx)
      ctx.io.print(`\n   ${service} is ${isRunning(ctx, service) ? 'running' : 'not running'}\n\n`)
    },
  },
  {
    words: ['service', 'start'],
    summary: 'Start a service',
    access: 'write',
    run: async (ctx) => {
      const service = serviceArg(ctx)
      finish(ctx, service, start(ctx, service))
    },
  },
  {
    words: ['service', 'stop'],
    summary: 'Stop a service',
    access: 'write',
    run: async (ctx) => {
      const service = serviceArg(ctx)
      finish(ctx, service, stop(ctx, service))
    },
  },
  {
    words: ['service', 'restart'],
    summary: 'Restart a service',
    access: 'write',
    run: async (ctx) => {
      const service = serviceArg(ctx)
      finish(ctx, service, stop(ctx, service) + start(ctx, service))
    },
  },
]

export { start as startService, stop as stopService }
