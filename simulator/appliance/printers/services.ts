/** Red Hat init style status line: `Starting ntpd:` padded to column 59, then `[  OK  ]`. */
export function initLine(text: string, ok = true): string {
  return `${text.padEnd(59)}${ok ? '[  OK  ]' : '[FAILED]'}\n`
}

/** The association table `sysconf ntp addserver` prints after restarting ntpd (S1). */
export function ntpAssociations(servers: string[]): string {
  const rows = servers.map((server, i) => {
    const local = server.startsWith('127.127.')
    const assid = String(14047 + i)
    const status = local ? '963a' : '9014'
    const condition = local ? 'sys.peer' : 'reject'
    const event = local ? 'sys_peer' : 'reachable'
    return `  ${String(i + 1).padStart(1)} ${assid}  ${status}   yes   yes  none  ${condition.padEnd(10)}  ${event.padEnd(9)} ${local ? 3 : 1}\n`
  })
  return (
    '===========================================================\n' +
    'NTP Associations Status:\n\n' +
    'ind assid status  conf reach auth condition  last_event cnt\n' +
    '===========================================================\n' +
    rows.join('') +
    '===========================================================\n'
  )
}

const RULE = `${'='.repeat(78)}\n`
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** ntptime's clock line: the NTP timestamp in hex, then `Tue, Nov 19 2013 11:57:33.856, (.856689),` (UTC). */
function ntpTimeLine(now: Date): string {
  const ntpSeconds = Math.floor(now.getTime() / 1000) + 2208988800
  const fraction = Math.floor(((now.getTime() % 1000) / 1000) * 2 ** 32)
  const hex = `${ntpSeconds.toString(16).padStart(8, '0')}.${fraction.toString(16).padStart(8, '0')}`
  const p2 = (n: number): string => String(n).padStart(2, '0')
  const ms = String(now.getUTCMilliseconds()).padStart(3, '0')
  const when =
    `${DAYS[now.getUTCDay()] ?? ''}, ${MONTHS[now.getUTCMonth()] ?? ''} ${String(now.getUTCDate()).padStart(2)} ` +
    `${now.getUTCFullYear()} ${p2(now.getUTCHours())}:${p2(now.getUTCMinutes())}:${p2(now.getUTCSeconds())}.${ms}`
  return `  time ${hex}  ${when}, (.${ms}000),\n`
}

/**
 * `sysconf ntp status` in the layout of the S4 capture (5.x): the two state lines, then the ntpq peers and
 * associations and the ntptime blocks between rules; while ntpd is down, ntpq's `read: Connection refused` (S1).
 * The peer and association rows of configured servers take S4's "not reached yet" values.
 */
export function printNtpStatus(
  ntp: { servers: string[]; running: boolean; enabled: boolean },
  now: Date,
): string {
  const refused = 'ntpq: read: Connection refused\n'
  const peers = ntp.servers
    .map((s) =>
      s.startsWith('127.127.')
        ? '*LOCAL(0)        .LOCL.          10 l   42   64  377    0.000    0.000   0.001\n'
        : ` ${s.padEnd(16)}.INIT.          16 u    - 1024    0    0.000    0.000   0.000\n`,
    )
    .join('')
  const associations = ntp.servers
    .map((s, i) => {
      const n = String(i + 1).padStart(3)
      return s.startsWith('127.127.')
        ? `${n} ${48268 + i}  963a   yes   yes  none  sys.peer    sys_peer  3\n`
        : `${n} ${48268 + i}  8011   yes    no  none    reject    mobilize  1\n`
    })
    .join('')
  return (
    `\n\nNTP is ${ntp.running ? 'running' : 'not running'}\n\nNTP is ${ntp.enabled ? 'enabled' : 'disabled'}\n\n` +
    `Peers:\n${RULE}` +
    (ntp.running
      ? '     remote           refid      st t when poll reach   delay   offset  jitter\n' + RULE + peers
      : refused) +
    `${RULE}\nAssociations:\n${RULE}` +
    (ntp.running
      ? `\nind assid status  conf reach auth condition  last_event cnt\n${'='.repeat(59)}\n${associations}`
      : refused) +
    `${RULE}\nNTP Time:\n${RULE}` +
    'ntp_gettime() returns code 0 (OK)\n' +
    ntpTimeLine(now) +
    '  maximum error 42672 us, estimated error 0 us\n' +
    'ntp_adjtime() returns code 0 (OK)\n' +
    '  modes 0x0 (),\n' +
    '  offset 0.000 us, frequency 0.000 ppm, interval 1 s,\n' +
    '  maximum error 42672 us, estimated error 0 us,\n' +
    '  status 0x1 (PLL),\n' +
    '  time constant 2, precision 1.000 us, tolerance 512 ppm,\n' +
    `${RULE}\n`
  )
}
