import type { NtlsView } from './contract'
import type { ApplianceState } from './state'

export function ntlsView(state: ApplianceState): NtlsView {
  return {
    running: state.ntls.running,
    bind: state.ntls.bind,
    ipcheck: state.ntls.ipcheck,
    serverCertificatePem: state.ntls.activeCertPem,
    serverKeyPem: state.ntls.activeKeyPem,
    clients: state.clients.map((client) => ({
      name: client.name,
      hostnameOrIp: client.ip ?? client.hostname ?? '',
      certificatePem: client.certificatePem,
      partitions: client.partitions.flatMap((name) => {
        const partition = state.partitions.find((p) => p.name === name)
        return partition ? [{ name: partition.name, serial: partition.serial, label: partition.label }] : []
      }),
    })),
  }
}
