import { describe, expect, it } from 'vitest'
import { applianceVersionWatcher } from './appliance-version'

function watch() {
  const versions: string[] = []
  const push = applianceVersionWatcher((v) => versions.push(v))
  return { versions, push }
}

describe('applianceVersionWatcher', () => {
  it('reads the login banner of each era, once', () => {
    const { versions, push } = watch()
    push('Last login: Mon Jan 30 11:24:00 from 172.20.10.180\r\n\r\n')
    push(
      'Luna SA 5.1.0-24 Command Line Shell - Copyright (c) 2001-2011 SafeNet, Inc. All rights reserved.\r\n',
    )
    push('\r\nCommand Result: 0 (Success)\r\n[local_host] lunash:>')
    push('\r\n[local_host] lunash:>')
    expect(versions).toEqual(['5.1.0-24'])
  })

  it('finds a banner split across chunks, coloured, and waits for its line to end', () => {
    const { versions, push } = watch()
    push('\x1b[1mLuna Network HSM Command Line Shell v7.')
    expect(versions).toEqual([])
    push('8.5-20. Copyright (c) 2024 Thales Group.')
    expect(versions).toEqual([])
    push(' All rights reserved.\x1b[0m\r\n')
    expect(versions).toEqual(['7.8.5-20'])
  })

  it('takes the Software Version of an hsm show typed later, over the banner', () => {
    const { versions, push } = watch()
    push('SafeNet Network HSM 6.2.2-5 Command Line Shell - Copyright (c) 2001-2016 SafeNet, Inc.\r\n')
    push('[a] lunash:>hsm show\r\n\r\n\r\n   Appliance Details:\r\n   ==================\r\n')
    push('   Software Version:                6.2.2-5\r\n\r\n   HSM Details:\r\n')
    expect(versions).toEqual(['6.2.2-5'])
    push('Software Version: 3.3.0-5\r\n')
    expect(versions).toEqual(['6.2.2-5', '3.3.0-5'])
  })

  it('says nothing for output without a version, even a flood', () => {
    const { versions, push } = watch()
    push('x'.repeat(2_000_000) + '\r\n')
    push('Firmware: 6.10.9\r\nvtl (64-bit) v10.2.0-111. Copyright (c) 2020 SafeNet.\r\n')
    expect(versions).toEqual([])
  })
})
