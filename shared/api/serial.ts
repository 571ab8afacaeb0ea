/** Serial ports: the devices a serial profile may name. */
import { z } from 'zod'
import { noParams, type MethodSpecs } from './common'

export const serialPortInfo = z.object({
  path: z.string(),
  manufacturer: z.string().optional(),
  serialNumber: z.string().optional(),
  vendorId: z.string().optional(),
  productId: z.string().optional(),
})
export type SerialPortInfo = z.infer<typeof serialPortInfo>

/** Lists the serial ports on this computer. */
export const serialMethods = {
  'serial.ports': {
    params: noParams,
    /** `notice` says why the list may be incomplete (no udevadm) and that a path can be typed. */
    result: z.object({ ports: z.array(serialPortInfo), notice: z.string().optional() }),
  },
} satisfies MethodSpecs<'serial'>
