/** NTLS: binding, source-IP check. */
import * as v from '../validate'
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

export const ntlsBind = command({
  id: 'ntls.bind',
  title: 'Bind NTLS to a network device',
  validate: (f: { device: string }) => [v.ntlsBinding(f.device)],
  text: (f) => `ntls bind ${f.device}`,
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
    (facts, f: { device: string }) =>
      facts.device === f.device
        ? proven(`ntls show: bound to ${facts.device}`)
        : notProven(`ntls show gives "${facts.device}", not ${f.device}.`),
  ),
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
