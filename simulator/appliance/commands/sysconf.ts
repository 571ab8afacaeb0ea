import type { CommandContext, CommandSpec } from '../commandTable'
import { generateServerCertificate, sshHostKeyFingerprints } from '../certs'
import { formatLinuxDate, isKnownZone, zonedParts, zonedTimeToUtc } from '../clock'
import { failed, RC, usageError } from '../errors'
import { initLine, ntpAssociations, printNtpStatus } from '../printers/services'
import { confirmOrCancel, FORCE } from './common'

function arg(ctx: CommandContext, index: number, what: string): string {
  const value = ctx.positional[index]
  if (value === undefined) throw usageError(`Missing required parameter: ${what}`)
  return value
}

async function setTimezone(ctx: CommandContext): Promise<void> {
  const zone = arg(ctx, 0, '<timezone>')
  if (!isKnownZone(zone)) {
    // unverified: NOT FOUND in reference.
    throw failed(
      ctx.command,
      RC.INVALID_PARAMETER,
      `Error:  Unknown timezone ${zone}. Use 'sysconf timezone list'.`,
    )
  }
  ctx.app.state.time.zone = zone
  ctx.app.commit()
  // Seen in the HID procedure (`Timezone set to US/Eastern`).
  ctx.io.print(`Timezone set to ${zone}\n`)
}

/** `sysconf time HH:MM[:SS] [YYYYMMDD]` and `sysconf date YYYYMMDD`: moves the appliance clock. */
function setClock(ctx: CommandContext, time: string | undefined, date: string | undefined): void {
  const app = ctx.app
  const zone = app.state.time.zone
  const now = zonedParts(app.now(), zone)
  const local = { ...now }
  if (time !== undefined) {
    const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(time)
    if (!m || Number(m[1]) > 23 || Number(m[2]) > 59)
      throw usageError(`Invalid time: ${time} (expected HH:MM)`)
    local.hour = Number(m[1])
    local.minute = Number(m[2])
    local.second = Number(m[3] ?? 0)
  }
  if (date !== undefined) {
    const m = /^(\d{4})(\d{2})(\d{2})$/.exec(date)
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 12 || Number(m[3]) < 1 || Number(m[3]) > 31) {
      throw usageError(`Invalid date: ${date} (expected YYYYMMDD)`)
    }
    local.year = Number(m[1])
    local.month = Number(m[2])
    local.day = Number(m[3])
  }
  const target = zonedTimeToUtc(local, zone)
  app.state.time.offsetMs = target.getTime() - Date.now()
  app.commit()
  // unverified: NOT FOUND in reference (the output of sysconf time/date; this is what `date -s` prints).
  ctx.io.print(`${formatLinuxDate(app.now(), zone)}\n`)
}

function ntpRestartBlock(ctx: CommandContext): string {
  const ntp = ctx.app.state.ntp
  ntp.enabled = true
  ntp.running = true
  return (
    'NTP is enabled\n' +
    initLine('Shutting down ntpd:') +
    initLine('Starting ntpd:') +
    'Please wait to see the result ......\n\n' +
    'NTP is running\n' +
    ntpAssociations(ntp.servers) +
    'Please look at the ntp log to see any potential problem.\n'
  )
}

function ntpServerArg(ctx: CommandContext): string {
  const server = ctx.option('server') ?? arg(ctx, 0, '<server>')
  if (!/^[A-Za-z0-9.:-]+$/.test(server)) throw usageError(`Invalid NTP server: ${server}`)
  return server
}

/**
 * `sysconf regenCert [<address>]`: the HID guide (3.x/4.x) gives the appliance's address when there is no DNS
 * (`sysconf regencert 192.168.5.200`), and the certificate is made for it; otherwise for the hostname.
 */
async function regenCert(ctx: CommandContext): Promise<void> {
  const { app, io } = ctx
  const era = app.state.era
  const address = ctx.positional[0]
  if (address !== undefined) {
    // unverified: NOT FOUND in reference (7.x's reply to an address; no 7.x source shows the argument).
    if (era === 7) throw usageError(`Unknown parameter: ${address}`)
    if (!/^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$/.test(address)) throw usageError(`Invalid address: ${address}`)
  }
  await confirmOrCancel(
    ctx,
    era === 4
      ? // The HID guide, verbatim.
        'WARNING!! This command will overwrite the current server certificate and private key.\n' +
          'All clients will have to add this server again with this new certificate.\n' +
          "If you are sure that you wish to proceed, then type 'proceed'; otherwise type 'quit':\n> "
      : 'WARNING !!  This command will overwrite the current server certificate and private key.\n' +
          'All clients will have to add this server again with this new certificate.\n' +
          "If you are sure that you wish to proceed, then type 'proceed', otherwise type 'quit'\n> ",
  )
  if (!ctx.force) io.print('Proceeding...\n')
  const cert = generateServerCertificate(address ?? app.hostname, app.now())
  app.state.ntls.certPem = cert.certPem
  app.state.ntls.keyPem = cert.keyPem
  app.commit()
  io.print(
    "'sysconf regenCert' successful. NTLS must be (re)started before clients can connect.\n" +
      (era === 4
        ? "Please use the 'ntls show' command to ensure that NTLS is bound to an appropriate network device or IP address/hostname for the network device(s) NTLS should be active on. Use 'ntls bind' to change this binding if necessary.\n"
        : "Please use the 'ntls show' command to ensure that NTLS is bound to an appropriate network device or IP address/hostname\n" +
          "for the network device(s) NTLS should be active on. Use 'ntls bind' to change this binding if necessary.\n"),
  )
}

export const sysconfCommands: CommandSpec[] = [
  {
    words: ['sysconf', 'timezone', 'set'],
    summary: 'Set the time zone',
    access: 'admin',
    run: setTimezone,
  },
  {
    words: ['sysconf', 'timezone', 'list'],
    summary: 'List the time zones',
    access: 'read',
    run: async ({ io }) => io.print(`\n${Intl.supportedValuesOf('timeZone').join('\n')}\n`),
  },
  {
    words: ['sysconf', 'time'],
    summary: 'Set the time (HH:MM [YYYYMMDD])',
    access: 'admin',
    run: async (ctx) => setClock(ctx, arg(ctx, 0, 'HH:MM'), ctx.positional[1]),
  },
  {
    words: ['sysconf', 'date'],
    summary: 'Set the date (YYYYMMDD)',
    access: 'admin',
    run: async (ctx) => setClock(ctx, undefined, arg(ctx, 0, 'YYYYMMDD')),
  },
  {
    words: ['sysconf', 'ntp', 'addserver'],
    summary: 'Add an NTP server',
    access: 'admin',
    options: [{ name: 'server', short: ['s'] }],
    run: async (ctx) => {
      const server = ntpServerArg(ctx)
      const ntp = ctx.app.state.ntp
      if (ntp.servers.includes(server)) {
        // unverified: NOT FOUND in reference.
        throw failed(
          ctx.command,
          RC.OBJECT_ALREADY_EXISTS,
          `Error:  NTP server ${server} is already in the list.`,
        )
      }
      ntp.servers.push(server)
      if (ctx.app.state.era === 4) {
        // The HID guide's 4.x `sysconf ntp -addserver`: ntpd restarts first, then one line.
        ntp.enabled = true
        ntp.running = true
        ctx.io.print(
          `${initLine('Shutting down ntpd:')}${initLine('Starting ntpd:')}NTP server ${server} added\n`,
        )
      } else
        ctx.io.print(
          `NTP server 'server ${server}' added.\nWARNING !! Server '${server}' added without authentication.\n` +
            ntpRestartBlock(ctx),
        )
      ctx.app.commit()
    },
  },
  {
    words: ['sysconf', 'ntp', 'deleteserver'],
    summary: 'Delete an NTP server',
    access: 'admin',
    options: [{ name: 'server', short: ['s'] }],
    run: async (ctx) => {
      const server = ntpServerArg(ctx)
      const ntp = ctx.app.state.ntp
      if (!ntp.servers.includes(server) || server === '127.127.1.0') {
        throw failed(ctx.command, RC.OBJECT_NOT_IN_LIST, `Error:  NTP server ${server} is not in the list.`)
      }
      ntp.servers = ntp.servers.filter((s) => s !== server)
      ctx.io.print(`NTP server ${server} deleted\n${ntpRestartBlock(ctx)}`)
      ctx.app.commit()
    },
  },
  {
    words: ['sysconf', 'ntp', 'listservers'],
    summary: 'List the NTP servers',
    access: 'read',
    run: async ({ app, io }) =>
      io.print(
        '=================================================================\n' +
          'NTP Servers:\n' +
          app.state.ntp.servers.map((s) => `server ${s}\n`).join('') +
          '=================================================================\n',
      ),
  },
  {
    words: ['sysconf', 'ntp', 'status'],
    summary: 'Show the NTP status',
    access: 'read',
    // The layout of S4's capture; the rows of configured servers are the values S4 shows for one not reached yet.
    run: async ({ app, io }) => io.print(printNtpStatus(app.state.ntp, app.now())),
  },
  {
    words: ['sysconf', 'ntp', 'enable'],
    summary: 'Enable NTP',
    access: 'admin',
    run: async (ctx) => {
      ctx.io.print(ntpRestartBlock(ctx))
      ctx.app.commit()
    },
  },
  {
    words: ['sysconf', 'ntp', 'disable'],
    summary: 'Disable NTP',
    access: 'admin',
    run: async (ctx) => {
      const ntp = ctx.app.state.ntp
      ntp.enabled = false
      ntp.running = false
      ctx.app.commit()
      // unverified: NOT FOUND in reference.
      ctx.io.print(`NTP is disabled\n${initLine('Shutting down ntpd:')}`)
    },
  },
  {
    words: ['sysconf', 'ntp', 'ntpdate'],
    summary: 'Set the clock once from an NTP server (ntpd must be stopped)',
    access: 'admin',
    run: async (ctx) => {
      const server = ntpServerArg(ctx)
      const { app, io } = ctx
      const zone = app.state.time.zone
      io.print(
        `This command sets the date and time using ntp server "${server}" if NTP daemon is not running.\n\n`,
      )
      if (app.state.ntp.running) {
        // unverified: NOT FOUND in reference.
        throw usageError("NTP daemon is running. Stop it with 'service stop ntp' first.")
      }
      const before = formatLinuxDate(app.now(), zone)
      // The simulated NTP servers all tell the host's time.
      app.state.time.offsetMs = 0
      app.commit()
      io.print(
        `Current time before running ntpdate: ${before}\nCurrent time after running ntpdate: ${formatLinuxDate(app.now(), zone)}\n`,
      )
    },
  },
  {
    words: ['sysconf', 'appliance', 'reboot'],
    summary: 'Reboot the appliance',
    access: 'admin',
    options: [FORCE],
    run: async (ctx) => {
      // unverified: the confirmation text; the two lines after it are from the 7.3 admin guide.
      await confirmOrCancel(
        ctx,
        "\nCAUTION:  Are you sure you wish to reboot the appliance?\nType 'proceed' to continue, or 'quit' to quit now.\n> ",
      )
      const state = ctx.app.state
      state.hsm.soLoggedIn = false
      for (const partition of state.partitions) {
        // Activation survives a reboot only with auto-activation (policy 23).
        if (!partition.policies['23']) partition.activated = false
      }
      state.ntls.activeCertPem = state.ntls.certPem
      state.ntls.activeKeyPem = state.ntls.keyPem
      ctx.app.commit()
      ctx.io.print('The system is going down for reboot NOW!\nReboot commencing\n')
      ctx.app.emit('ntls-changed')
      ctx.hangup('reboot')
    },
  },
  {
    words: ['sysconf', 'regenCert'],
    summary: 'Generate a new NTLS server certificate and key (for <address> when there is no DNS)',
    access: 'admin',
    options: [FORCE],
    run: regenCert,
  },
  {
    words: ['sysconf', 'fingerprint', 'ssh'],
    summary: 'Show the fingerprint of the SSH host key',
    access: 'read',
    run: async ({ app, io }) => {
      const fp = sshHostKeyFingerprints(app.state.sshHostKey)
      // unverified: NOT FOUND in reference. Printed the way `ssh-keygen -l` shows a key.
      io.print(
        `\nSSH host key fingerprints:\n${fp.bits} ${fp.sha256} root@${app.hostname} (${fp.type})\n` +
          `${fp.bits} ${fp.md5} root@${app.hostname} (${fp.type})\n`,
      )
    },
  },
]
