/**
 * The names of every request and event in the contract, with no schema library attached, so that the
 * sandboxed preload can build `window.rackside` from them without bundling anything else.
 * shared/api.ts holds the schemas and fails to typecheck if the two lists drift apart.
 */
export const methodNames = [
  'app.info',
  'app.attention',
  'app.openLogFolder',
  'profiles.list',
  'sessions.open',
  'sessions.write',
  'sessions.resize',
  'sessions.ack',
  'sessions.close',
  // consoles: profiles, serial ports, host keys, transcripts
  'profiles.get',
  'profiles.save',
  'profiles.delete',
  'profiles.sshConfigHosts',
  'serial.ports',
  'sessions.signal',
  'sessions.pinHostKey',
  'sessions.signOff',
  'hostKeys.scan',
  'hostKeys.accept',
  'hostKeys.list',
  'hostKeys.forget',
  'hostKeys.opensshList',
  'hostKeys.importOpenssh',
  'transcripts.open',
  'transcripts.verify',
  // guided procedures: the command runner and the overview
  'runner.preview',
  'runner.run',
  'runner.verify',
  'runner.answer',
  'runner.abort',
  'runner.sessions',
  'runner.upload',
  'overview.read',
  // the client side and the keychain
  'client.locate',
  'client.pullServerPem',
  'client.pushCert',
  'client.runVtl',
  'client.haAdmin',
  'client.probe',
  'client.listSlots',
  'client.cmsDefaults',
  'client.cmsPreview',
  'client.cmsApply',
  'client.cmsCopyFromDistribution',
  'vault.set',
  'vault.has',
  'vault.delete',
  // the operator's console preferences
  'settings.get',
  'settings.set',
  // choosing local paths (SSH key, firmware package, Luna client folder)
  'files.choose',
  'files.list',
] as const

export const eventNames = [
  'session.data',
  'session.status',
  'session.transcript',
  'session.appliance',
  'session.software',
  // the command runner
  'runner.prompt',
  'runner.state',
  'runner.attached',
  // the client side
  'client.transfer.progress',
] as const

export type MethodName = (typeof methodNames)[number]
export type EventName = (typeof eventNames)[number]

/** Electron IPC: requests go over one invoke channel, events come back over one send channel. */
export const ipcChannels = { request: 'rackside:request', event: 'rackside:event' } as const
