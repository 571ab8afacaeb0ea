/** Client registrations on the appliance (the NTLS side of the trust link). */
import * as v from '../validate'
import { expectSuccess } from '../parse/success'
import { parseClientFingerprint, parseClientList, parseClientShow } from '../parse/client'
import { command, confirm, noFields, notProven, proven, readBack } from './spec'

const SHORT = { timeoutMs: 15_000, capMs: 60_000 }

type Client = { client: string }
const isClient = (f: Client) => [v.clientName(f.client)]

export const clientList = command({
  id: 'client.list',
  title: 'List the registered clients',
  validate: noFields,
  text: () => 'client list',
  prompts: [],
  parse: parseClientList,
  // The HID guide: `client –list` prints `Registered client 1: supreme`.
  syntax: { 4: { text: () => 'client -list' } },
  ...SHORT,
})

export const clientShow = command({
  id: 'client.show',
  title: 'Show a client and its partitions',
  validate: isClient,
  text: (f: Client) => `client show -client ${f.client}`,
  prompts: [],
  parse: parseClientShow,
  // The HID guide: `client –show –client supreme` prints `Client ID:`, `IPAddress:` and `Partitions:`.
  syntax: { 4: { text: (f: Client) => `client -show -client ${f.client}` } },
  ...SHORT,
})

export const clientFingerprint = command({
  id: 'client.fingerprint',
  title: "Show a client certificate's fingerprint",
  validate: isClient,
  text: (f: Client) => `client fingerprint -client ${f.client}`,
  prompts: [],
  parse: parseClientFingerprint,
  ...SHORT,
})

type Register = Client & { address: string }

const addressOption = (f: Register): string => (/^[\d.]+$/.test(f.address) ? '-ip' : '-hostname')

/** `-hostname` or `-ip`, chosen from the address; the certificate `<address>.pem` must already be uploaded. */
export const clientRegister = command({
  id: 'client.register',
  title: 'Register a client',
  validate: (f: Register) => [v.clientName(f.client), v.clientAddress(f.address)],
  text: (f) => `client register -client ${f.client} ${addressOption(f)} ${f.address}`,
  // The HID guide: `client -register -client supreme -hostname …` / `client –register –client supreme –ip …`.
  syntax: { 4: { text: (f) => `client -register -client ${f.client} ${addressOption(f)} ${f.address}` } },
  prompts: [],
  parse: expectSuccess('client register'),
  readBack: readBack(
    clientList,
    () => ({}),
    (names, f: Register) =>
      names.includes(f.client)
        ? proven(`client list: registered client ${f.client}`)
        : notProven(`client list does not contain ${f.client}.`),
  ),
  ...SHORT,
})

type Assign = Client & { partition: string }

export const clientAssignPartition = command({
  id: 'client.assignPartition',
  title: 'Assign a partition to a client',
  validate: (f: Assign) => [v.clientName(f.client), v.partitionName(f.partition)],
  text: (f) => `client assignPartition -client ${f.client} -partition ${f.partition}`,
  prompts: [],
  parse: expectSuccess('client assignPartition'),
  readBack: readBack(
    clientShow,
    (f: Assign) => ({ client: f.client }),
    (facts, f: Assign) =>
      facts.partitions.includes(f.partition)
        ? proven(`client show ${f.client}: Partitions include "${f.partition}"`)
        : notProven(`client show ${f.client} does not list partition ${f.partition}.`),
  ),
  ...SHORT,
})

export const clientRevokePartition = command({
  id: 'client.revokePartition',
  title: "Revoke a client's access to a partition",
  validate: (f: Assign) => [v.clientName(f.client), v.partitionName(f.partition)],
  text: (f) => `client revokePartition -client ${f.client} -partition ${f.partition}`,
  prompts: [],
  parse: expectSuccess('client revokePartition'),
  readBack: readBack(
    clientShow,
    (f: Assign) => ({ client: f.client }),
    (facts, f: Assign) =>
      facts.partitions.includes(f.partition)
        ? notProven(`client show ${f.client} still lists partition ${f.partition}.`)
        : proven(`client show ${f.client}: partition ${f.partition} no longer listed`),
  ),
  ...SHORT,
})

export const clientDelete = command({
  id: 'client.delete',
  title: 'Delete a client registration',
  destructive: true,
  validate: isClient,
  text: (f: Client) => `client delete -client ${f.client}`,
  prompts: [
    confirm(/type '?proceed'?/i, {
      destructive: true,
      expect: (f: Client) => f.client,
      warning: 'The client can no longer reach its partitions until it is registered again.',
    }),
  ],
  parse: expectSuccess('client delete'),
  readBack: readBack(
    clientList,
    () => ({}),
    (names, f: Client) =>
      names.includes(f.client)
        ? notProven(`client list still contains ${f.client}.`)
        : proven(`client list no longer contains ${f.client}`),
  ),
  ...SHORT,
})
