/**
 * The serial ports this computer has, with manufacturer, serial number and USB VID/PID when the system says.
 * On Linux serialport asks `udevadm`; where it is missing (containers, minimal installs) the /dev entries that
 * look like serial adapters are listed instead, with a notice that a path can be typed (a pty, say).
 */
import { readdirSync, statSync } from 'node:fs'
import type { SerialPortInfo } from '../../shared/api'

export interface PortListing {
  ports: SerialPortInfo[]
  notice?: string
}

type Lister = () => Promise<
  { path: string; manufacturer?: string; serialNumber?: string; vendorId?: string; productId?: string }[]
>

const adapterName = /^(ttyUSB|ttyACM|ttyS|ttyAMA|ttyXRUSB|rfcomm|cu\.usb)/

function devEntries(): SerialPortInfo[] {
  try {
    return readdirSync('/dev')
      .filter((name) => adapterName.test(name) && !/^ttyS([4-9]|\d\d+)$/.test(name))
      .sort()
      .map((name) => ({ path: `/dev/${name}` }))
  } catch {
    return []
  }
}

export async function listSerialPorts(list?: Lister, extra: SerialPortInfo[] = []): Promise<PortListing> {
  const lister: Lister = list ?? (async () => (await import('serialport')).SerialPort.list())
  try {
    const found = await lister()
    const ports = found.map((p) => ({
      path: p.path,
      ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}),
      ...(p.serialNumber ? { serialNumber: p.serialNumber } : {}),
      ...(p.vendorId ? { vendorId: p.vendorId } : {}),
      ...(p.productId ? { productId: p.productId } : {}),
    }))
    return { ports: [...ports, ...extra.filter((e) => !ports.some((p) => p.path === e.path))] }
  } catch (error) {
    const e = error as NodeJS.ErrnoException
    // Only a udevadm that could not be started is missing; one that ran and failed is there.
    const missingUdev = e.code === 'ENOENT' || /spawn udevadm ENOENT/.test(e.message)
    const fallback = devEntries()
    return {
      ports: [...fallback, ...extra.filter((x) => !fallback.some((p) => p.path === x.path))],
      notice: missingUdev
        ? 'Port details are unavailable: listing USB serial adapters needs udevadm (package udev), which is not installed. The ports below are the /dev entries that look like serial ports; you can also type a path (for example /dev/ttyUSB0, or a pty).'
        : `The serial ports could not be listed (${e.message}). Type the port path instead, for example /dev/ttyUSB0.`,
    }
  }
}

/**
 * Whether a serial profile's port is there now: a character device at the path (a symlink, e.g. a udev by-id
 * name or a pty link, is followed). Undefined for a Windows COM port, which has no path to look at.
 */
export function portPresent(path: string): boolean | undefined {
  if (!path.startsWith('/')) return undefined
  try {
    return statSync(path).isCharacterDevice()
  } catch {
    return false
  }
}
