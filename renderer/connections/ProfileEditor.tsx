import { useEffect, useState, type FormEvent } from 'react'
import {
  baudRates,
  profileSpec,
  type ProfileSpecInput,
  type SerialPortInfo,
  type SshConfigHost,
} from '../../shared/api'
import { PathField } from '../files/PathField'
import { usePolling } from './use-polling'

export interface ProfileEditorProps {
  /** The profile being edited, or a new one of this kind. */
  initial: ProfileSpecInput
  onSaved(): void
  onCancel(): void
}

type Kind = ProfileSpecInput['kind']

const serialDefaults = {
  path: '',
  baudRate: 115200,
  dataBits: 8,
  parity: 'none',
  stopBits: 1,
  rtscts: false,
  xon: false,
  newline: 'cr',
  localEcho: false,
} as const

export function newProfile(kind: Kind): ProfileSpecInput {
  if (kind === 'ssh')
    return {
      kind,
      name: '',
      ssh: {
        host: '',
        port: 22,
        username: 'admin',
        auth: 'password',
        legacyAlgorithms: false,
        keepaliveSeconds: 15,
      },
    }
  if (kind === 'serial') return { kind, name: '', serial: { ...serialDefaults } }
  return { kind, name: 'Local terminal' }
}

const describe = (e: unknown) => (e instanceof Error ? e.message : String(e))

/** The serial ports, refreshed every 2 s while the form is open, so a plugged-in adapter shows up. */
function useSerialPorts(enabled: boolean) {
  const [ports, setPorts] = useState<SerialPortInfo[]>([])
  const [notice, setNotice] = useState<string>()
  usePolling(enabled, (live) =>
    window.rackside.serial
      .ports({})
      .then((r) => {
        if (!live()) return
        setPorts(r.ports)
        setNotice(r.notice)
      })
      .catch((e: unknown) => live() && setNotice(describe(e))),
  )
  return { ports, notice }
}

const portLabel = (p: SerialPortInfo) =>
  [
    p.path,
    p.manufacturer,
    p.serialNumber && `S/N ${p.serialNumber}`,
    p.vendorId && `${p.vendorId}:${p.productId ?? '????'}`,
  ]
    .filter(Boolean)
    .join(' — ')

/** The Host aliases of ~/.ssh/config, read once when an SSH form opens. */
function useSshConfigHosts(enabled: boolean) {
  const [hosts, setHosts] = useState<SshConfigHost[]>([])
  const [file, setFile] = useState('~/.ssh/config')
  const [problem, setProblem] = useState<string>()
  useEffect(() => {
    if (!enabled) return
    let live = true
    window.rackside.profiles
      .sshConfigHosts({})
      .then((r) => {
        if (!live) return
        setHosts(r.hosts)
        setFile(r.file)
        setProblem(r.problem)
      })
      .catch((e: unknown) => live && setProblem(describe(e)))
    return () => {
      live = false
    }
  }, [enabled])
  return { hosts, file, problem }
}

/** Create or edit a connection profile. There is no password field: passwords are typed in the console. */
export function ProfileEditor({ initial, onSaved, onCancel }: ProfileEditorProps) {
  const [profile, setProfile] = useState<ProfileSpecInput>(initial)
  const [error, setError] = useState<string>()
  const [customBaud, setCustomBaud] = useState(
    profile.kind === 'serial' && !baudRates.includes((profile.serial.baudRate ?? 115200) as never),
  )
  const { ports, notice } = useSerialPorts(profile.kind === 'serial')
  const sshConfig = useSshConfigHosts(profile.kind === 'ssh')
  /** Fills the form from a Host alias as ssh -G resolves it; a field the config leaves unset keeps its value. */
  const pickAlias = (alias: string) => {
    const h = sshConfig.hosts.find((x) => x.alias === alias)
    if (!h) return
    setProfile((p) => {
      if (p.kind !== 'ssh') return p
      const { jumpHost: _jump, ...ssh } = p.ssh
      return {
        ...p,
        name: p.name || h.alias,
        ssh: {
          ...ssh,
          host: h.hostName,
          port: h.port,
          ...(h.user !== undefined ? { username: h.user } : {}),
          ...(h.keyPath !== undefined ? { auth: 'publickey' as const, keyPath: h.keyPath } : {}),
          ...(h.jumpHost !== undefined ? { jumpHost: h.jumpHost } : {}),
        },
      }
    })
  }

  const set = (patch: Partial<ProfileSpecInput>) =>
    setProfile((p) => ({ ...p, ...patch }) as ProfileSpecInput)
  const setSsh = (patch: object) =>
    setProfile((p) => (p.kind === 'ssh' ? { ...p, ssh: { ...p.ssh, ...patch } } : p))
  const setSerial = (patch: object) =>
    setProfile((p) => (p.kind === 'serial' ? { ...p, serial: { ...p.serial, ...patch } } : p))

  const save = async (e: FormEvent) => {
    e.preventDefault()
    const checked = profileSpec.safeParse(profile)
    if (!checked.success) {
      setError(
        checked.error.issues
          .map((i) => `${i.path.slice(1).join('.') || i.path.join('.')}: ${i.message}`)
          .join('; '),
      )
      return
    }
    try {
      await window.rackside.profiles.save({ profile })
      onSaved()
    } catch (err) {
      setError(describe(err))
    }
  }

  const title = `${initial.id ? 'Edit' : 'New'} ${profile.kind === 'ssh' ? 'SSH' : profile.kind === 'serial' ? 'serial' : 'local terminal'} profile`
  return (
    <form className="profile-editor" aria-label={title} onSubmit={save}>
      <h2>{title}</h2>
      <label>
        Name
        <input
          value={profile.name}
          required
          onChange={(e) => set({ name: e.target.value })}
          aria-label="Name"
        />
      </label>
      {profile.kind === 'ssh' && (
        <>
          {sshConfig.hosts.length > 0 && (
            <label>
              From {sshConfig.file}
              <select
                aria-label="Host from ~/.ssh/config"
                value=""
                onChange={(e) => pickAlias(e.target.value)}
              >
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
              value={profile.ssh.host}
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
              value={profile.ssh.port ?? 22}
              onChange={(e) => setSsh({ port: Number(e.target.value) })}
            />
          </label>
          <label>
            User
            <input
              aria-label="User"
              value={profile.ssh.username}
              onChange={(e) => setSsh({ username: e.target.value })}
            />
          </label>
          <label>
            Login
            <select
              aria-label="Login method"
              value={profile.ssh.auth ?? 'password'}
              onChange={(e) => setSsh({ auth: e.target.value })}
            >
              <option value="password">Password (typed in the console)</option>
              <option value="keyboard-interactive">Keyboard-interactive</option>
              <option value="publickey">Private key file</option>
              <option value="agent">SSH agent</option>
            </select>
          </label>
          {profile.ssh.auth === 'publickey' && (
            <label>
              Key file
              <PathField
                label="Key file"
                purpose="ssh-key"
                value={profile.ssh.keyPath ?? ''}
                placeholder="/home/me/.ssh/id_ed25519 (its passphrase is asked when connecting)"
                onChange={(value) => setSsh({ keyPath: value || undefined })}
              />
            </label>
          )}
          <label>
            Bastion (ProxyJump; several: first hop first, separated by commas)
            <input
              aria-label="Bastion (ProxyJump)"
              value={profile.ssh.jumpHost ?? ''}
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
              value={profile.ssh.keepaliveSeconds ?? 15}
              onChange={(e) => setSsh({ keepaliveSeconds: Number(e.target.value) })}
            />
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={profile.ssh.legacyAlgorithms ?? false}
              onChange={(e) => setSsh({ legacyAlgorithms: e.target.checked })}
            />
            Allow legacy algorithms for old appliances (aes256-cbc, diffie-hellman-group14-sha1, ssh-rsa)
          </label>
        </>
      )}
      {profile.kind === 'serial' && (
        <>
          <label>
            Port
            <input
              aria-label="Serial port"
              list="serial-ports"
              value={profile.serial.path}
              placeholder="/dev/ttyUSB0"
              onChange={(e) => setSerial({ path: e.target.value.trim() })}
            />
            <datalist id="serial-ports">
              {ports.map((p) => (
                <option key={p.path} value={p.path}>
                  {portLabel(p)}
                </option>
              ))}
            </datalist>
          </label>
          <ul className="port-list" aria-label="Detected serial ports">
            {ports.map((p) => (
              <li key={p.path}>
                <button type="button" onClick={() => setSerial({ path: p.path })}>
                  {portLabel(p)}
                </button>
              </li>
            ))}
          </ul>
          {notice && <p className="hint">{notice}</p>}
          <label>
            Speed
            <select
              aria-label="Baud rate"
              value={customBaud ? 'custom' : String(profile.serial.baudRate ?? 115200)}
              onChange={(e) => {
                if (e.target.value === 'custom') setCustomBaud(true)
                else {
                  setCustomBaud(false)
                  setSerial({ baudRate: Number(e.target.value) })
                }
              }}
            >
              {baudRates.map((b) => (
                <option key={b} value={b}>
                  {b}
                </option>
              ))}
              <option value="custom">Custom…</option>
            </select>
          </label>
          {customBaud && (
            <label>
              Custom baud rate
              <input
                aria-label="Custom baud rate"
                type="number"
                min={50}
                value={profile.serial.baudRate ?? 115200}
                onChange={(e) => setSerial({ baudRate: Number(e.target.value) })}
              />
            </label>
          )}
          <label>
            Data bits
            <select
              aria-label="Data bits"
              value={profile.serial.dataBits ?? 8}
              onChange={(e) => setSerial({ dataBits: Number(e.target.value) })}
            >
              {[8, 7, 6, 5].map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
          </label>
          <label>
            Parity
            <select
              aria-label="Parity"
              value={profile.serial.parity ?? 'none'}
              onChange={(e) => setSerial({ parity: e.target.value })}
            >
              {['none', 'even', 'odd', 'mark', 'space'].map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
          </label>
          <label>
            Stop bits
            <select
              aria-label="Stop bits"
              value={profile.serial.stopBits ?? 1}
              onChange={(e) => setSerial({ stopBits: Number(e.target.value) })}
            >
              {[1, 1.5, 2].map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
          </label>
          <label>
            Enter sends
            <select
              aria-label="Newline mode"
              value={profile.serial.newline ?? 'cr'}
              onChange={(e) => setSerial({ newline: e.target.value })}
            >
              <option value="cr">CR</option>
              <option value="lf">LF</option>
              <option value="crlf">CR LF</option>
            </select>
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={profile.serial.rtscts ?? false}
              onChange={(e) => setSerial({ rtscts: e.target.checked })}
            />
            RTS/CTS flow control
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={profile.serial.xon ?? false}
              onChange={(e) => setSerial({ xon: e.target.checked })}
            />
            XON/XOFF flow control
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={profile.serial.localEcho ?? false}
              onChange={(e) => setSerial({ localEcho: e.target.checked })}
            />
            Local echo
          </label>
          <label>
            Appliance SSH address (for pinning its key from this console)
            <input
              aria-label="Appliance SSH address"
              value={profile.serial.applianceAddress ?? ''}
              placeholder="192.168.0.10"
              onChange={(e) => setSerial({ applianceAddress: e.target.value.trim() || undefined })}
            />
          </label>
          <p className="hint">
            Terminal type: VT-100 compatible (xterm). 115200 8N1 is the Luna console default.
          </p>
        </>
      )}
      {profile.kind === 'local' && (
        <label>
          Start folder (empty: the Luna client folder, else home)
          <input
            aria-label="Start folder"
            value={profile.cwd ?? ''}
            onChange={(e) => set({ cwd: e.target.value || undefined })}
          />
        </label>
      )}
      {profile.kind !== 'local' && (
        <label>
          Appliance software (the syntax Rackside types)
          <select
            aria-label="Appliance software"
            value={profile.era === undefined ? '' : String(profile.era)}
            onChange={(e) =>
              setProfile((p) =>
                p.kind === 'local'
                  ? p
                  : e.target.value === ''
                    ? (({ era: _era, ...rest }) => rest)(p)
                    : { ...p, era: Number(e.target.value) as 4 | 5 | 6 | 7 },
              )
            }
          >
            <option value="">Read from the appliance (banner, hsm show)</option>
            <option value="4">3.x / 4.x (the HID guide’s syntax)</option>
            <option value="5">5.x</option>
            <option value="6">6.x</option>
            <option value="7">7.x</option>
          </select>
        </label>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="form-buttons">
        <button type="submit" className="primary">
          Save profile
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}
