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
 * The repository's simulator/bin/vtl launcher, found above this file (run from source, or bundled into
 * out/main by electron-vite) or above the working directory.
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

/**
 * Creates the client folder (cert/server, cert/client, Chrystoki.conf) and `<root>/bin/vtl`, a wrapper that pins
 * ChrystokiConfigurationPath to this folder, so the app runs it like the real tool with no environment to set.
 */
export function prepareClientRoot(root: string): { vtlPath: string } {
  const client = new ClientRoot(root)
  for (const dir of [client.serverCertDir, client.clientCertDir, join(root, 'bin'), join(root, 'htl')]) {
    mkdirSync(dir, { recursive: true })
  }
  client.readConf()
  const vtlPath = join(root, 'bin', 'vtl')
  const launcher = vtlLauncherPath()
  writeFileSync(
    vtlPath,
    [
      '#!/bin/sh',
      '# vtl of the Rackside Luna simulator, bound to this client folder.',
      `ChrystokiConfigurationPath=${shellQuote(root)}`,
      'export ChrystokiConfigurationPath',
      launcher
        ? `exec ${shellQuote(launcher)} "$@"`
        : `echo 'Error: simulator/bin/vtl was not found when the simulator started.'; exit 1`,
      '',
    ].join('\n'),
  )
  chmodSync(vtlPath, 0o755)
  return { vtlPath }
}
