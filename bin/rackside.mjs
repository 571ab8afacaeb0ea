#!/usr/bin/env node
// `npx rackside ...`: runs the built CLI (out/main/cli.js, made by `npm run build`) in this Node process.
// It needs only the production dependencies: no tsx, no TypeScript sources.
import { existsSync, realpathSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(realpathSync(fileURLToPath(import.meta.url))), '..')
const cli = join(root, 'out', 'main', 'cli.js')
if (!existsSync(cli)) {
  process.stderr.write(`rackside: the app is not built (${cli} is missing): run npm run build first.\n`)
  process.exit(1)
}
await import(pathToFileURL(cli).href)
