import { useState } from 'react'
import { baudRates, type SerialPortInfo } from '../../shared/api'
import { describeError, type SerialProfileInput } from './profile-form'
import { usePolling } from './use-polling'

/** The serial ports, refreshed every 2 s while the form is open, so a plugged-in adapter shows up. */
function useSerialPorts() {
  const [ports, setPorts] = useState<SerialPortInfo[]>([])
  const [notice, setNotice] = useState<string>()
  usePolling(true, (live) =>
    window.rackside.serial
      .ports({})
      .then((r) => {
        if (!live()) return
        setPorts(r.ports)
        setNotice(r.notice)
      })
      .catch((e: unknown) => live() && setNotice(describeError(e))),
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

export interface SerialFieldsProps {
  serial: SerialProfileInput['serial']
  setSerial(patch: object): void
}

/** One on/off setting of the line, as a labelled checkbox (off until the operator ticks it). */
function SerialCheck({
  serial,
  setSerial,
  flag,
  children,
}: SerialFieldsProps & { flag: 'rtscts' | 'xon' | 'localEcho'; children: string }) {
  return (
    <label className="check">
      <input
        type="checkbox"
        checked={serial[flag] ?? false}
        onChange={(e) => setSerial({ [flag]: e.target.checked })}
      />
      {children}
    </label>
  )
}

/** A serial profile's fields: the port (typed or picked from the detected ones), line settings, echo. */
export function SerialFields({ serial, setSerial }: SerialFieldsProps) {
  const [customBaud, setCustomBaud] = useState(!baudRates.includes((serial.baudRate ?? 115200) as never))
  const { ports, notice } = useSerialPorts()
  return (
    <>
      <label>
        Port
        <input
          aria-label="Serial port"
          list="serial-ports"
          value={serial.path}
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
          value={customBaud ? 'custom' : String(serial.baudRate ?? 115200)}
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
            value={serial.baudRate ?? 115200}
            onChange={(e) => setSerial({ baudRate: Number(e.target.value) })}
          />
        </label>
      )}
      <label>
        Data bits
        <select
          aria-label="Data bits"
          value={serial.dataBits ?? 8}
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
          value={serial.parity ?? 'none'}
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
          value={serial.stopBits ?? 1}
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
          value={serial.newline ?? 'cr'}
          onChange={(e) => setSerial({ newline: e.target.value })}
        >
          <option value="cr">CR</option>
          <option value="lf">LF</option>
          <option value="crlf">CR LF</option>
        </select>
      </label>
      <SerialCheck serial={serial} setSerial={setSerial} flag="rtscts">
        RTS/CTS flow control
      </SerialCheck>
      <SerialCheck serial={serial} setSerial={setSerial} flag="xon">
        XON/XOFF flow control
      </SerialCheck>
      <SerialCheck serial={serial} setSerial={setSerial} flag="localEcho">
        Local echo
      </SerialCheck>
      <label>
        Appliance SSH address (for pinning its key from this console)
        <input
          aria-label="Appliance SSH address"
          value={serial.applianceAddress ?? ''}
          placeholder="192.168.0.10"
          onChange={(e) => setSerial({ applianceAddress: e.target.value.trim() || undefined })}
        />
      </label>
      <p className="hint">
        Terminal type: VT-100 compatible (xterm). 115200 8N1 is the Luna console default.
      </p>
    </>
  )
}
