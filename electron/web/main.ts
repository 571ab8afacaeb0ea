/**
 * `npm run start:web [-- --port N]`: builds the renderer when it is missing or older than its sources, starts
 * the browser host on 127.0.0.1 and prints one line: the URL to open, token included. It opens nothing.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { defaultRendererDir, startWebHost } from './server'

const root = resolve(import.meta.dirname, '../..')

function newestSource(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path))
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs)
  }
  return newest
}

function rendererIsStale(): boolean {
  const index = join(defaultRendererDir, 'index.html')
  if (!existsSync(index)) return true
  const built = statSync(index).mtimeMs
  return ['renderer', 'shared'].some((dir) => newestSource(join(root, dir)) > built)
}

function buildRenderer(): void {
  const require = createRequire(import.meta.url)
  const bin = join(resolve(require.resolve('electron-vite/package.json'), '..'), 'bin/electron-vite.js')
  process.stderr.write('Building the renderer (electron-vite build)…\n')
  // Build output goes to stderr so stdout carries only the URL.
  const result = spawnSync(process.execPath, [bin, 'build'], { cwd: root, stdio: ['ignore', 2, 2] })
  if (result.status !== 0) {
    process.stderr.write('The renderer build failed; see the messages above.\n')
    process.exit(1)
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, host: { type: 'string' } },
    strict: true,
  })
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port ${values.port} is not a port number.`)

  if (process.env.RACKSIDE_SKIP_BUILD !== '1' && rendererIsStale()) buildRenderer()

  const web = await startWebHost({
    port,
    host: values.host ?? '127.0.0.1',
    // A refused frame or client is one line on stderr, stamped in UTC like the transcripts' lines.
    log: (line) => process.stderr.write(`${new Date().toISOString()} rackside start:web: ${line}\n`),
  })
  process.stdout.write(`Rackside is running at ${web.url}\n`)

  const stop = (): void => {
    void web.close().finally(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((error: unknown) => {
  const e = error as NodeJS.ErrnoException
  const message =
    e.code === 'EADDRINUSE'
      ? 'That port is already in use. Pick another with --port, or leave it out.'
      : e.message
  process.stderr.write(`rackside start:web: ${message}\n`)
  process.exit(1)
})
