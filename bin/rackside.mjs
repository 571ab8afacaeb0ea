#!/usr/bin/env node
// `npx rackside ...`: runs electron/cli.ts with the repository's tsx loader in a child node process.
import { spawnSync } from 'node:child_process'
import { realpathSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(realpathSync(fileURLToPath(import.meta.url))), '..')
const loader = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href
const result = spawnSync(
  process.execPath,
  ['--import', loader, join(root, 'electron/cli.ts'), ...process.argv.slice(2)],
  { stdio: 'inherit' },
)
process.exit(result.status ?? 1)
