import { describe, expect, it } from 'vitest'
import { scanCommandLine } from './secret-options'

/** The line with each secret shown as [S], and whether the line may go on with one. */
function shown(line: string): string {
  const scan = scanCommandLine(line)
  let out = ''
  let at = 0
  for (const span of scan.spans) {
    out += `${line.slice(at, span.start)}[S]`
    at = span.end
  }
  return `${out}${line.slice(at)}${scan.open ? ' …' : ''}`
}

describe('secrets on a command line', () => {
  it.each([
    ['[rack7] lunash:>hsm login -p S3cret', '[rack7] lunash:>hsm login -p [S] …'],
    [
      'lunash:>hsm init -label rack7 -s S3cret -d Dom4in -f',
      'lunash:>hsm init -label rack7 -s [S] -d [S] -f',
    ],
    [
      'lunash:>partition create -partition p1 -s 100 -pass "a b c" -force',
      'lunash:>partition create -partition p1 -s 100 -pass [S] -force',
    ],
    ['lunash:>hsm login --password=S3cret', 'lunash:>hsm login --password=[S] …'],
    [
      'vtl haAdmin \u2013newGroup \u2013serialNum 1 \u2013label g \u2013password S3cret -f',
      'vtl haAdmin \u2013newGroup \u2013serialNum 1 \u2013label g \u2013password [S] -f',
    ],
    [
      'sudo /usr/safenet/lunaclient/bin/vtl haAdmin -addMember -group 1 -pass=S3cret x',
      'sudo /usr/safenet/lunaclient/bin/vtl haAdmin -addMember -group 1 -pass=[S] x',
    ],
    ['lunacm -c "role login -name co -password S3cret"', 'lunacm -c "role login -name co -password [S]"'],
    ['ssh admin@hsm "hsm login -p S3cret"', 'ssh admin@hsm "hsm login -p [S]"'],
    ['lunash:>hsm login -p ab;cd&ef -f', 'lunash:>hsm login -p [S] -f'],
    ['vtl addServer -n 10.0.0.7 -c server.pem', 'vtl addServer -n 10.0.0.7 -c server.pem'],
    ['lunash:>hsm re-pin 7', 'lunash:>hsm re-pin 7'],
  ])('%s', (line, expected) => {
    expect(shown(line)).toBe(expected)
  })

  it('says the line may go on where a wrap could cut an option or its value', () => {
    expect(scanCommandLine('lunash:>hsm login -pa').open).toBe(true)
    expect(scanCommandLine('lunash:>hsm login -').open).toBe(true)
    expect(scanCommandLine('lunash:>hsm login -password ').open).toBe(true)
    expect(scanCommandLine('lunash:>partition create -password "a b').open).toBe(true)
    expect(scanCommandLine('lunash:>hsm login -password x -force').open).toBe(false)
    expect(scanCommandLine('lunash:>hsm show').open).toBe(false)
  })

  it('gives the values as the tool gets them, and whether the command itself names the option', () => {
    expect(scanCommandLine('hsm init -l x -sopw "So Pw" -f').values).toEqual([
      { text: 'So Pw', sure: true, complete: true },
    ])
    expect(scanCommandLine('frobnicate -password abcd').values).toEqual([
      { text: 'abcd', sure: false, complete: false },
    ])
    // `mkdir -p`'s folder is hidden where it stands, not hunted for in the rest of the record.
    expect(shown('mkdir -p /opt/cert && cd /opt/cert')).toBe('mkdir -p [S] && cd /opt/cert')
    expect(scanCommandLine('mkdir -p /opt/cert').values).toEqual([])
    expect(scanCommandLine('sshpass -p S3cret ssh admin@hsm').values).toEqual([
      { text: 'S3cret', sure: true, complete: true },
    ])
  })
})
