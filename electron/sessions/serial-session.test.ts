import { describe, expect, it } from 'vitest'
import { describeOpenError, framing, lineRate } from './serial-session'

describe('serial port errors read as actions', () => {
  const path = '/dev/ttyUSB0'
  it.each([
    [
      'Error: No such file or directory, cannot open /dev/ttyUSB0',
      /There is no serial port at \/dev\/ttyUSB0/,
    ],
    ['Error: Resource temporarily unavailable Cannot lock port', /in use by another program/],
    ['Error: Inappropriate ioctl for device setting custom baud rate of 115200', /is not a serial port/],
  ])('%s', (message, expected) => {
    expect(describeOpenError(new Error(message), path, 'linux')).toMatch(expected)
  })

  it('names the dialout group and the command to join it on Linux', () => {
    expect(
      describeOpenError(new Error('Error: Permission denied, cannot open /dev/ttyUSB0'), path, 'linux'),
    ).toBe(
      'Permission denied opening /dev/ttyUSB0: your user is not in the dialout group. Add yourself with `sudo usermod -aG dialout $USER` and log in again.',
    )
  })
})

describe('line rate', () => {
  it('counts start, data, parity and stop bits', () => {
    expect(lineRate({ baudRate: 115200, dataBits: 8, parity: 'none', stopBits: 1 })).toBe(11520)
    expect(lineRate({ baudRate: 9600, dataBits: 7, parity: 'even', stopBits: 2 })).toBeCloseTo(872.7, 1)
    expect(framing({ baudRate: 115200, dataBits: 8, parity: 'none', stopBits: 1 })).toBe('115200 8N1')
  })
})
