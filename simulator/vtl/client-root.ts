import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ChrystokiConf } from './chrystoki'

/** The Luna client folder vtl works in, laid out like /usr/safenet/lunaclient. */
export class ClientRoot {
  constructor(readonly root: string) {}

  get confPath(): string {
    return join(this.root, 'Chrystoki.conf')
  }
  get serverCertDir(): string {
    return join(this.root, 'cert', 'server')
  }
  get clientCertDir(): string {
    return join(this.root, 'cert', 'client')
  }
  get caFile(): string {
    return join(this.serverCertDir, 'CAFile.pem')
  }
  serverCertPath(server: string): string {
    return join(this.serverCertDir, `${server}Cert.pem`)
  }

  readConf(): ChrystokiConf {
    if (!existsSync(this.confPath)) writeFileSync(this.confPath, defaultConf(this.root))
    return ChrystokiConf.parse(readFileSync(this.confPath, 'utf8'))
  }

  writeConf(conf: ChrystokiConf): void {
    writeFileSync(this.confPath, conf.toString())
  }
}

function defaultConf(root: string): string {
  // unverified: NOT FOUND in reference (the fresh-install ClientCertFile/ClientPrivKeyFile values); vtl createCert
  // writes them, as in S5's configuration.
  return [
    'Chrystoki2 = {',
    `   LibUNIX = ${root}/lib/libCryptoki2.so;`,
    `   LibUNIX64 = ${root}/lib/libCryptoki2_64.so;`,
    '}',
    'Luna = {',
    '   DefaultTimeOut = 500000;',
    '   PEDTimeout1 = 100000;',
    '   PEDTimeout2 = 200000;',
    '   PEDTimeout3 = 10000;',
    '   KeypairGenTimeOut = 2700000;',
    '   CloningCommandTimeOut = 300000;',
    '   CommandTimeOutPedSet = 720000;',
    '}',
    'CardReader = {',
    '   RemoteCommand = 1;',
    '}',
    'Misc = {',
    '   PE1746Enabled = 0;',
    `   ToolsDir = ${root}/bin;`,
    '}',
    'LunaSA Client = {',
    '   ReceiveTimeout = 20000;',
    `   SSLConfigFile = ${root}/bin/openssl.cnf;`,
    `   ServerCAFile = ${root}/cert/server/CAFile.pem;`,
    '   NetClient = 1;',
    `   HtlDir = ${root}/htl/;`,
    '}',
    '',
  ].join('\n')
}

/**
 * The repository's simulator/bin/vtl launcher (runs vtl from source through tsx), found above this file or above
 * the working directory. A built simulator is given the command of its built vtl instead (SimulatorOptions.vtlCommand).
 */
export function vtlLauncherPath(): string | undefined {
  const starts: string[] = [process.cwd()]
  try {
    starts.unshift(dirname(fileURLToPath(import.meta.url)))
  } catch {
    // no file URL for this module (an unusual bundle): the working directory is all we have
  }
  for (const start of starts) {
    let dir = start
    for (let depth = 0; depth < 6; depth++) {
      const candidate = join(dir, 'simulator', 'bin', 'vtl')
      if (existsSync(candidate)) return candidate
      dir = dirname(dir)
    }
  }
  return undefined
}

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`
// cmd.exe: inside double quotes only % still expands (doubled in a batch file); Windows paths hold no ".
const cmdQuote = (text: string) => `"${text.replace(/%/g, '%%')}"`

/**
 * Creates the client folder (cert/server, cert/client, Chrystoki.conf) and two wrappers that pin
 * ChrystokiConfigurationPath to this folder, so the app runs vtl like the real tool with no environment to set:
 * `<root>/bin/vtl` (sh) and `<root>/bin/vtl.cmd` (Windows). They run `vtlCommand` (a program and its leading
 * arguments, e.g. node and the built vtl.js), or by default the repository's launcher. The vtl path returned is
 * the one for this platform.
 */
export function prepareClientRoot(root: string, vtlCommand?: readonly string[]): { vtlPath: string } {
  const client = new ClientRoot(root)
  for (const dir of [client.serverCertDir, client.clientCertDir, join(root, 'bin'), join(root, 'htl')]) {
    mkdirSync(dir, { recursive: true })
  }
  client.readConf()
  const launcher = vtlLauncherPath()
  const command = vtlCommand && vtlCommand.length > 0 ? vtlCommand : launcher ? [launcher] : undefined
  const missing =
    'Error: the simulator was started without a vtl to run (simulator/bin/vtl or a built vtl.js).'
  const shPath = join(root, 'bin', 'vtl')
  writeFileSync(
    shPath,
    [
      '#!/bin/sh',
      '# vtl of the Rackside Luna simulator, bound to this client folder.',
      `ChrystokiConfigurationPath=${shellQuote(root)}`,
      'export ChrystokiConfigurationPath',
      command ? `exec ${command.map(shellQuote).join(' ')} "$@"` : `echo '${missing}'; exit 1`,
      '',
    ].join('\n'),
  )
  chmodSync(shPath, 0o755)
  const cmdPath = join(root, 'bin', 'vtl.cmd')
  writeFileSync(
    cmdPath,
    [
      '@echo off',
      'rem vtl of the Rackside Luna simulator, bound to this client folder.',
      `set "ChrystokiConfigurationPath=${root.replace(/%/g, '%%')}"`,
      // The sh launcher cannot run here: only a built vtl (vtlCommand) works on Windows.
      command && vtlCommand ? `${command.map(cmdQuote).join(' ')} %*` : `echo ${missing}\r\nexit /b 1`,
      '',
    ].join('\r\n'),
  )
  return { vtlPath: process.platform === 'win32' ? cmdPath : shPath }
}
