/** Files to and from the appliance's admin home, over SCP/SFTP with the host key pinned. */
import { connectForTransfer, pullFile, pushFile, type Progress, type UploadData } from '../../client/scp'
import { sizeOf } from '../../client/scp-protocol'
import type { ApplianceTarget } from '../../sessions'

/** An appliance's SSH endpoint with the host key Rackside verified for it. */
export type RunnerTarget = ApplianceTarget

/**
 * Pushes a file into the admin's home with the host key pinned (SFTP when offered, else SCP). The time allowed
 * grows with the file (a minute, plus 4 s per MiB: a slow management link at 256 KiB/s still finishes).
 */
export async function defaultUpload(
  target: RunnerTarget & { password: string },
  name: string,
  data: UploadData,
  onProgress?: (p: Progress) => void,
): Promise<{ via: string }> {
  const conn = await connectAsAdmin(target)
  try {
    return await pushFile(conn, name, data, {
      timeoutMs: 60_000 + Math.ceil(sizeOf(data) / 1024 ** 2) * 4_000,
      ...(onProgress ? { onProgress } : {}),
    })
  } finally {
    conn.close()
  }
}

export async function defaultDownload(
  target: RunnerTarget & { password: string },
  name: string,
): Promise<Buffer> {
  const conn = await connectAsAdmin(target)
  try {
    return (await pullFile(conn, name)).data
  } finally {
    conn.close()
  }
}

/** The admin's SSH connection for a transfer, with the host key Rackside verified for this appliance. */
function connectAsAdmin(target: RunnerTarget & { password: string }): ReturnType<typeof connectForTransfer> {
  return connectForTransfer({
    host: target.host,
    port: target.port,
    username: 'admin',
    password: target.password,
    expectedHostKey: target.hostKeyFingerprint,
  })
}
