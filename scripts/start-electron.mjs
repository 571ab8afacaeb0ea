#!/usr/bin/env node
// `npm start`: build, then launch Electron. Where the Electron runtime was never downloaded (installs with
// ELECTRON_SKIP_BINARY_DOWNLOAD=1), say so in one line and point to the browser host instead.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

function electronBinary() {
  try {
    const path = require('electron') // the package exports the path of the binary, and throws when it is missing
    return typeof path === 'string' && existsSync(path) ? path : undefined
  } catch {
    return undefined
  }
}

const electron = electronBinary()
if (!electron) {
  console.error(
    'The Electron runtime is not installed on this machine; run `npm run start:web` to use Rackside in a browser.',
  )
  process.exit(1)
}

const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' })
if (build.status !== 0) process.exit(build.status ?? 1)
const run = spawnSync(electron, ['.', ...process.argv.slice(2)], { stdio: 'inherit' })
process.exit(run.status ?? 1)
