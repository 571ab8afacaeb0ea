import { useEffect, useState } from 'react'
import type { SshConfigHost } from '../../shared/api'
import { PathField } from '../files/PathField'
import { describeError, type SshProfileInput } from './profile-form'

/** The Host aliases of ~/.ssh/config, read once when an SSH form opens. */
function useSshConfigHosts() {
  const [hosts, setHosts] = useState<SshConfigHost[]>([])
  const [file, setFile] = useState('~/.ssh/config')
  const [problem, setProblem] = useState<string>()
  useEffect(() => {
    let live = true
    window.rackside.profiles
      .sshConfigHosts({})
      .then((r) => {
        if (!live) return
        setHosts(r.hosts)
        setFile(r.file)
        setProblem(r.problem)
      })
      .catch((e: unknown) => live && setProblem(describeError(e)))
    return () => {
      live = false
    }
  }, [])
  return { hosts, file, problem }
}

export interface SshFieldsProps {
  ssh: SshProfileInput['ssh']
  setSsh(patch: object): void
  /** The operator picked a Host alias of ~/.ssh/config: fill the form from it. */
  onPickHost(host: SshConfigHost): void
}

/** An SSH profile's fields: the ~/.ssh/config host picker, address, login, bastion, keepalive. */
export function SshFields({ ssh, setSsh, onPickHost }: SshFieldsProps) {
  const sshConfig = useSshConfigHosts()
  const pickAlias = (alias: string) => {
    const h = sshConfig.hosts.find((x) => x.alias === alias)
    if (h) onPickHost(h)
  }
  return (
    <>
      {sshConfig.hosts.length > 0 && (
        <label>
          From {sshConfig.file}
          <select aria-label="Host from ~/.ssh/config" value="" onChange={(e) => pickAlias(e.target.value)}>
            <option value="">Pick a Host alias to fill the form…</option>
            {sshConfig.hosts.map((h) => (
              <option key={h.alias} value={h.alias}>
                {h.alias} ({h.user ? `${h.user}@` : ''}
                {h.hostName}
                {h.port !== 22 ? `:${h.port}` : ''}
                {h.jumpHost ? ` via ${h.jumpHost}` : ''})
              </option>
            ))}
          </select>
        </label>
      )}
      {sshConfig.problem && <p className="hint">{sshConfig.problem}</p>}
      <label>
        Host
        <input
          aria-label="Host"
          value={ssh.host}
          placeholder="192.168.0.10"
          onChange={(e) => setSsh({ host: e.target.value.trim() })}
        />
      </label>
      <label>
        Port
        <input
          aria-label="Port"
          type="number"
          min={1}
          max={65535}
          value={ssh.port ?? 22}
          onChange={(e) => setSsh({ port: Number(e.target.value) })}
        />
      </label>
      <label>
        User
        <input
          aria-label="User"
          value={ssh.username}
          onChange={(e) => setSsh({ username: e.target.value })}
        />
      </label>
      <label>
        Login
        <select
          aria-label="Login method"
          value={ssh.auth ?? 'password'}
          onChange={(e) => setSsh({ auth: e.target.value })}
        >
          <option value="password">Password (typed in the console)</option>
          <option value="keyboard-interactive">Keyboard-interactive</option>
          <option value="publickey">Private key file</option>
          <option value="agent">SSH agent</option>
        </select>
      </label>
      {ssh.auth === 'publickey' && (
        <label>
          Key file
          <PathField
            label="Key file"
            purpose="ssh-key"
            value={ssh.keyPath ?? ''}
            placeholder="/home/me/.ssh/id_ed25519 (its passphrase is asked when connecting)"
            onChange={(value) => setSsh({ keyPath: value || undefined })}
          />
        </label>
      )}
      <label>
        Bastion (ProxyJump; several: first hop first, separated by commas)
        <input
          aria-label="Bastion (ProxyJump)"
          value={ssh.jumpHost ?? ''}
          placeholder="ops@bastion.example.net:22 (empty: connect directly)"
          onChange={(e) => setSsh({ jumpHost: e.target.value.trim() || undefined })}
        />
      </label>
      <label>
        Keepalive (seconds, 0 = off)
        <input
          aria-label="Keepalive seconds"
          type="number"
          min={0}
          max={3600}
          value={ssh.keepaliveSeconds ?? 15}
          onChange={(e) => setSsh({ keepaliveSeconds: Number(e.target.value) })}
        />
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={ssh.legacyAlgorithms ?? false}
          onChange={(e) => setSsh({ legacyAlgorithms: e.target.checked })}
        />
        Allow legacy algorithms for old appliances (aes256-cbc, diffie-hellman-group14-sha1, ssh-rsa)
      </label>
    </>
  )
}
