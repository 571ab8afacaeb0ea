/**
 * The port list as the connection form shows it, from what serialport's SerialPort.list() returns on Linux
 * (udevadm's view of an FTDI FT232R and a Prolific PL2303 adapter, and a built-in UART), and what is shown
 * when udevadm is missing or fails.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SerialPort } from 'serialport'
import { describe, expect, it } from 'vitest'
import { listSerialPorts, portPresent } from './serial-ports'

type PortInfo = Awaited<ReturnType<typeof SerialPort.list>>[number]

/** SerialPort.list() on Linux: every field present, undefined where udev has nothing. */
const ftdi: PortInfo = {
  path: '/dev/ttyUSB0',
  manufacturer: 'FTDI',
  serialNumber: 'A50285BI',
  pnpId: 'usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0',
  locationId: undefined,
  vendorId: '0403',
  productId: '6001',
}
const prolific: PortInfo = {
  path: '/dev/ttyUSB1',
  manufacturer: 'Prolific Technology Inc.',
  serialNumber: undefined,
  pnpId: 'usb-Prolific_Technology_Inc._USB-Serial_Controller-if00-port0',
  locationId: undefined,
  vendorId: '067b',
  productId: '2303',
}
const uart: PortInfo = {
  path: '/dev/ttyS0',
  manufacturer: undefined,
  serialNumber: undefined,
  pnpId: undefined,
  locationId: undefined,
  vendorId: undefined,
  productId: undefined,
}
const demo = { path: '/tmp/rackside-demo/ttyLuna', manufacturer: 'Rackside demo appliance (pty)' }

describe('the serial port list', () => {
  it('shows manufacturer, serial number and USB VID/PID of FTDI and Prolific adapters, and leaves out what udev did not say', async () => {
    const listing = await listSerialPorts(async () => [uart, ftdi, prolific])
    expect(listing).toStrictEqual({
      ports: [
        { path: '/dev/ttyS0' },
        {
          path: '/dev/ttyUSB0',
          manufacturer: 'FTDI',
          serialNumber: 'A50285BI',
          vendorId: '0403',
          productId: '6001',
        },
        {
          path: '/dev/ttyUSB1',
          manufacturer: 'Prolific Technology Inc.',
          vendorId: '067b',
          productId: '2303',
        },
      ],
    })
  })

  it('adds the demo appliance pty after the adapters, once', async () => {
    const listing = await listSerialPorts(async () => [ftdi], [demo])
    expect(listing.ports.map((p) => p.path)).toEqual(['/dev/ttyUSB0', demo.path])
    const twice = await listSerialPorts(async () => [ftdi, { ...uart, path: demo.path }], [demo])
    expect(twice.ports.map((p) => p.path)).toEqual(['/dev/ttyUSB0', demo.path])
  })

  it('without udevadm, lists the /dev entries that look like serial ports and says how to get details', async () => {
    // What serialport's Linux lister rejects with when udevadm cannot be started.
    const enoent = Object.assign(new Error('spawn udevadm ENOENT'), {
      code: 'ENOENT',
      syscall: 'spawn udevadm',
      path: 'udevadm',
    })
    const listing = await listSerialPorts(() => Promise.reject(enoent), [demo])
    expect(listing.notice).toMatch(
      /^Port details are unavailable: listing USB serial adapters needs udevadm \(package udev\), which is not installed\./,
    )
    expect(listing.ports.at(-1)).toStrictEqual(demo)
    for (const port of listing.ports.slice(0, -1))
      expect(port.path).toMatch(/^\/dev\/(ttyUSB|ttyACM|ttyS[0-3]$|ttyAMA|ttyXRUSB|rfcomm|cu\.usb)/)
  })

  it('when udevadm runs but fails, says the list failed and why, not that udevadm is missing', async () => {
    const failed = new Error('Error listing ports udevadm exited with error code: 1')
    const listing = await listSerialPorts(() => Promise.reject(failed))
    expect(listing.notice).toBe(
      'The serial ports could not be listed (Error listing ports udevadm exited with error code: 1). Type the port path instead, for example /dev/ttyUSB0.',
    )
  })
})

describe("portPresent: is a serial profile's port there now", () => {
  it('follows an adapter link as it appears and goes (a socat pty pair stands in for the adapter)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rackside-presence-'))
    const link = join(dir, 'ttyRack7')
    try {
      expect(portPresent(link)).toBe(false)
      const socat = spawn('socat', [`pty,raw,echo=0,link=${link}`, `pty,raw,echo=0,link=${link}-far`], {
        stdio: 'ignore',
      })
      const until = async (check: () => boolean) => {
        for (let i = 0; i < 250 && !check(); i++) await new Promise((r) => setTimeout(r, 20))
      }
      await until(() => existsSync(link))
      expect(portPresent(link)).toBe(true)
      socat.kill('SIGTERM')
      await until(() => !existsSync(link))
      expect(portPresent(link)).toBe(false)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('is not fooled by a plain file at the path, and does not guess for a COM port', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rackside-presence-'))
    try {
      writeFileSync(join(dir, 'ttyUSB0'), 'not a device')
      expect(portPresent(join(dir, 'ttyUSB0'))).toBe(false)
      expect(portPresent('/dev/null')).toBe(true)
      expect(portPresent('COM3')).toBeUndefined()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
