/**
 * The first half of the client side: from the Luna client on this computer to a working Network Trust Link
 * (server.pem, vtl addServer / createCert, the certificate pushed, the client registered, the link checked).
 */
import type { RunnerResult } from '../../../shared/api'
import { readApplianceFacts } from './appliance-facts'
import { action, typed, type StepDef, type WizardContext } from './model'

const hasConsole = (ctx: WizardContext) => ctx.sessionId !== ''
const vtlFailed = (v: { ok: boolean }) => !v.ok

/** A runner step's answer in a sentence: done with what the read-back proved, or why not. */
export const runStatus = (r: RunnerResult): string =>
  r.status === 'done'
    ? `Done${r.readBack?.evidence ? ` — ${r.readBack.evidence}` : ''}`
    : `${r.status === 'unknown' ? 'Unknown' : 'Failed'}: ${r.reason}`

export const TRUST_LINK_STEPS: StepDef[] = [
  {
    id: 'client',
    title: 'Locate the Luna client',
    guide:
      'Rackside runs the Luna client’s vtl and reads its Chrystoki.conf. Give its folder, or leave it empty to look in the default places (/usr/safenet/lunaclient, C:\\Program Files\\SafeNet\\LunaClient).',
    body: [
      {
        action: action({
          id: 'locate',
          label: 'Locate the Luna client',
          fields: ['folder'],
          params: (ctx) => (typed(ctx, 'folder') ? { folder: typed(ctx, 'folder') } : {}),
          also: [
            {
              label: 'Use the demo appliance’s client',
              when: (ctx) => ctx.isDemo,
              params: (ctx) => ({ demo: true, sessionId: ctx.sessionId }),
            },
          ],
          evidence: 'luna-client',
        }),
      },
    ],
    done: (ctx) => !!ctx.results.locate,
  },
  {
    id: 'server-pem',
    title: 'Pull server.pem from the appliance',
    guide:
      'server.pem is the appliance’s NTLS certificate. Rackside copies it over SCP (SFTP on 7.9+) with the SSH host key this console verified, keeps it for this appliance only, and checks it is the certificate the appliance presents on its NTLS port.',
    body: [
      { part: 'admin-password' },
      {
        action: action({
          id: 'pull',
          label: 'Pull server.pem',
          fields: ['reported'],
          ready: hasConsole,
          params: (ctx) => ({
            sessionId: ctx.sessionId,
            ...(typed(ctx, 'reported') ? { reportedFingerprint: typed(ctx, 'reported') } : {}),
          }),
          progress: true,
          evidence: 'server-pem',
        }),
      },
    ],
    done: (ctx) => !!ctx.results.pull,
  },
  {
    id: 'vtl',
    title: 'vtl addServer and createCert',
    guide:
      'vtl addServer registers the appliance with its server.pem; vtl createCert makes this computer’s client certificate. Use the FQDN with DNS (Rackside checks it resolves to the appliance, or to this computer), else the IP address. Both run in the Luna client tools console on the right.',
    needs: ['client', 'server-pem'],
    body: [
      {
        action: action({
          id: 'addServer',
          label: 'Run vtl addServer',
          fields: ['server'],
          ready: hasConsole,
          params: (ctx) => ({
            action: 'addServer',
            sessionId: ctx.sessionId,
            ...(typed(ctx, 'server') ? { server: typed(ctx, 'server') } : {}),
          }),
          evidence: 'vtl',
          bad: vtlFailed,
        }),
      },
      {
        action: action({
          id: 'servers',
          label: 'Run vtl listServers',
          params: () => ({ action: 'listServers' }),
          also: [
            {
              label: 'Run vtl deleteServer',
              title:
                "After the appliance's certificate was regenerated: remove the old entry, then add the server again.",
              ready: (ctx) => hasConsole(ctx) || typed(ctx, 'server') !== '',
              params: (ctx) => ({
                action: 'deleteServer',
                ...(ctx.sessionId ? { sessionId: ctx.sessionId } : {}),
                ...(typed(ctx, 'server') ? { server: typed(ctx, 'server') } : {}),
              }),
            },
          ],
          evidence: 'vtl',
          bad: vtlFailed,
        }),
      },
      {
        action: action({
          id: 'createCert',
          label: 'Run vtl createCert',
          fields: ['clientName'],
          ready: (ctx) => typed(ctx, 'clientName') !== '',
          params: (ctx) => ({
            action: 'createCert',
            clientName: typed(ctx, 'clientName'),
            // With the console, the name is also checked to be one the appliance can reach.
            ...(ctx.sessionId ? { sessionId: ctx.sessionId } : {}),
          }),
          evidence: 'vtl',
          bad: vtlFailed,
        }),
      },
    ],
    done: (ctx) => ctx.results.addServer?.ok === true && ctx.results.createCert?.ok === true,
  },
  {
    id: 'push',
    title: 'Push the client certificate',
    guide:
      'The certificate (never the key) goes to the appliance admin’s home as <name>.pem, where client register reads it.',
    needs: ['vtl'],
    body: [
      {
        action: action({
          id: 'push',
          label: 'Push the client certificate',
          lone: true,
          ready: (ctx) => hasConsole(ctx) && typed(ctx, 'clientName') !== '',
          params: (ctx) => ({ sessionId: ctx.sessionId, clientName: typed(ctx, 'clientName') }),
          progress: true,
          evidence: (v) =>
            `${v.remoteName} sent by ${v.via.toUpperCase()} (SHA-256 ${v.fingerprints.sha256}).`,
        }),
      },
    ],
    done: (ctx) => !!ctx.results.push,
  },
  {
    id: 'register',
    title: 'Register the client and assign the partition',
    guide:
      'On the appliance: client register (by hostname or IP, as in the certificate) and client assignPartition. Rackside types them in the appliance console and reads the result back.',
    needs: ['vtl', 'push'],
    body: [
      {
        action: action({
          id: 'register',
          label: 'Register the client',
          fields: ['registerName'],
          ready: (ctx) =>
            hasConsole(ctx) && typed(ctx, 'registerName') !== '' && typed(ctx, 'clientName') !== '',
          params: (ctx) => ({
            sessionId: ctx.sessionId,
            commandId: 'client.register',
            fields: { client: typed(ctx, 'registerName'), address: typed(ctx, 'clientName') },
          }),
          evidence: runStatus,
        }),
      },
      {
        action: action({
          id: 'assign',
          label: 'Assign the partition',
          fields: ['partition'],
          ready: (ctx) =>
            hasConsole(ctx) && typed(ctx, 'registerName') !== '' && typed(ctx, 'partition') !== '',
          params: (ctx) => ({
            sessionId: ctx.sessionId,
            commandId: 'client.assignPartition',
            fields: { client: typed(ctx, 'registerName'), partition: typed(ctx, 'partition') },
          }),
          evidence: runStatus,
        }),
      },
    ],
    done: (ctx) => ctx.results.register?.status === 'done' && ctx.results.assign?.status === 'done',
  },
  {
    id: 'trust-link',
    title: 'Check the Network Trust Link',
    guide:
      'A real TLS handshake to the appliance’s NTLS port with the client certificate, checking the server presents the pulled server.pem. When it fails, Rackside reads client show, client fingerprint and ntls ipcheck show to name the cause.',
    needs: ['server-pem', 'vtl', 'register'],
    body: [
      {
        action: action({
          id: 'probe',
          label: 'Check the trust link',
          lone: true,
          primary: true,
          ready: hasConsole,
          params: (ctx) => ({ sessionId: ctx.sessionId }),
          // A failed check is asked again with what the appliance says about this client, to name the cause.
          request: async (ctx, host) => {
            const first = await host.client.probe({ sessionId: ctx.sessionId })
            if (first.ok) return first
            const appliance = await readApplianceFacts(host.runner, ctx.sessionId, typed(ctx, 'registerName'))
            return host.client.probe({ sessionId: ctx.sessionId, appliance })
          },
          bad: (v) => !v.ok,
          evidence: 'trust-link',
        }),
      },
    ],
    done: (ctx) => ctx.results.probe?.ok === true,
  },
  {
    id: 'verify',
    title: 'vtl verify',
    guide: 'The Luna client’s own check: the slots and partitions it can reach.',
    needs: ['vtl'],
    body: [
      {
        action: action({
          id: 'verify',
          label: 'Run vtl verify',
          lone: true,
          params: () => ({ action: 'verify' }),
          evidence: 'vtl',
          bad: vtlFailed,
        }),
      },
    ],
    done: (ctx) => ctx.results.verify?.ok === true,
  },
]
