/** The CMS servers the appliance trusts: their certificates uploaded, registered, given the partition. */
import { clientField, partitionField, uploadPassword } from './fields'
import { str } from './snapshot'
import type { Procedure } from './types'

export const clients: Procedure = {
  id: 'clients',
  title: 'Clients',
  guide:
    "Register the CMS server's certificate by hostname or IP (client register), assign the partition, check it (client show).",
  actions: [
    {
      commandId: 'my.file.list',
      run: 'Upload the client certificate',
      upload: true,
      fields: [
        {
          name: 'localPath',
          label: 'Client certificate on this computer (<address>.pem)',
          placeholder: '/path/to/10.0.0.21.pem',
          path: {
            purpose: 'certificate',
            filters: [{ name: 'Certificates', extensions: ['pem', 'crt', 'cer'] }],
          },
        },
      ],
      secrets: [uploadPassword],
    },
    {
      commandId: 'client.register',
      run: 'Register the client',
      fields: [clientField, { name: 'address', label: 'Client hostname or IP', placeholder: '10.0.0.21' }],
      note: 'The client certificate <address>.pem must already be uploaded to the appliance.',
    },
    { commandId: 'client.list', run: 'List the clients' },
    { commandId: 'client.show', run: 'Show the client', fields: [clientField] },
    {
      commandId: 'client.assignPartition',
      run: 'Assign the partition',
      fields: [clientField, partitionField],
    },
    {
      commandId: 'client.revokePartition',
      run: 'Revoke the partition',
      fields: [clientField, partitionField],
    },
    { commandId: 'client.delete', run: 'Delete the client', fields: [clientField] },
  ],
  done: [
    {
      id: 'clients',
      title: 'Clients registered',
      reads: ['clients'],
      commands: ['client.register'],
      holds: (s, f) => s.clients?.includes(str(f.client)),
      looksDone: (s) => (s.clients?.length ?? 0) > 0,
      evidence: (s) => `clients: ${s.clients?.join(', ') || 'none'}`,
    },
  ],
}
