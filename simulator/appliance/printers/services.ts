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
