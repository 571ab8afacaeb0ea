/** NTLS: binding, source-IP check. */
import * as v from '../validate'
import type { Validated } from '../validate'
import { expectNothing } from '../parse/success'
import { parseNtlsBind, parseNtlsIpcheck, parseNtlsShow } from '../parse/ntls'
import { command, confirm, noFields, notProven, proven, readBack } from './spec'

const SHORT = { timeoutMs: 15_000, capMs: 60_000 }

export const ntlsShow = command({
  id: 'ntls.show',
  title: 'Show the NTLS binding',
  validate: noFields,
  text: () => 'ntls show',
  prompts: [],
  parse: parseNtlsShow,
  unverified: true,
  ...SHORT,
})

/** `device`: eth0…, `all`, or `none` with `address` (bind to one address, as the HID guide does without DNS). */
type Bind = { device: string; address?: string }

const byAddress = (f: Bind): boolean => f.device === 'none'

function bindFields(f: Bind): Validated<unknown>[] {
  if (!byAddress(f)) {
    if (f.address !== undefined && f.address !== '')
      return [
        fieldError(
          'NTLS address',
          `NTLS binds either to a device or to an address: with an address, choose "none" as the device (it was "${f.device}").`,
        ),
      ]
    return [v.ntlsBinding(f.device)]
  }
  if (f.address === undefined || f.address === '')
    return [
      fieldError(
        'NTLS address',
        'Type the address NTLS should listen on, or choose a device instead of "none".',
      ),
    ]
  return [v.ipv4(f.address, 'NTLS address')]
}

function fieldError(field: string, message: string): Validated<unknown> {
  return { ok: false, error: { field, message } }
}

export const ntlsBind = command({
  id: 'ntls.bind',
  title: 'Bind NTLS to a network device or an address',
  validate: bindFields,
  // The HID guide binds to an address with `ntls bind none -bind 192.168.5.200`, to a device with `ntls bind eth0`.
  text: (f) => (byAddress(f) ? `ntls bind none -bind ${f.address ?? ''}` : `ntls bind ${f.device}`),
  // 4.x asks before restarting NTLS; later versions only print that a restart is needed.
  prompts: [
    confirm(/type '?proceed'?/i, {
      destructive: false,
      warning: 'NTLS restarts with the new binding; connected clients lose their sessions.',
    }),
  ],
  parse: parseNtlsBind,
  readBack: readBack(
    ntlsShow,
    () => ({}),
    (facts, f: Bind) => {
      if (byAddress(f))
        return facts.address === f.address
          ? proven(`ntls show: bound to the address ${facts.address}`)
          : notProven(`ntls show gives the address "${facts.address ?? '(none)'}", not ${f.address ?? ''}.`)
      return facts.device === f.device
        ? proven(`ntls show: bound to ${facts.device}`)
        : notProven(`ntls show gives "${facts.device}", not ${f.device}.`)
    },
  ),
  syntax: {
    // 7.x binds NTLS to a network device only (eth0–eth3, bond0, bond1, all; reference §2.4).
    7: {
      validate: (f: Bind) =>
        byAddress(f) || (f.address !== undefined && f.address !== '')
          ? [
              fieldError(
                'NTLS address',
                'Luna 7 binds NTLS to a network device, not to an address: choose eth0…eth3, bond0, bond1 or all.',
              ),
            ]
          : [v.ntlsBinding(f.device)],
    },
  },
  timeoutMs: 30_000,
  capMs: 120_000,
})

export const ntlsIpcheckShow = command({
  id: 'ntls.ipcheck.show',
  title: 'Show NTLS client source-IP validation',
  validate: noFields,
  text: () => 'ntls ipcheck show',
  prompts: [],
  parse: parseNtlsIpcheck,
  ...SHORT,
})

export const ntlsIpcheckSet = command({
  id: 'ntls.ipcheck.set',
  title: 'Turn NTLS client source-IP validation on or off (off for clients behind NAT)',
  validate: (f: { enabled: boolean }) => [v.flag('Source-IP validation', f.enabled)],
  text: (f) => `ntls ipcheck ${f.enabled ? 'enable' : 'disable'}`,
  prompts: [],
  parse: expectNothing,
  readBack: readBack(
    ntlsIpcheckShow,
    () => ({}),
    (facts, f: { enabled: boolean }) =>
      facts.enabled === f.enabled
        ? proven(`ntls ipcheck show: ${facts.enabled ? 'Enable' : 'Disable'}`)
        : notProven(`ntls ipcheck show still says ${facts.enabled ? 'Enable' : 'Disable'}.`),
  ),
  ...SHORT,
})
