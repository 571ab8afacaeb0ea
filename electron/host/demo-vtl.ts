/**
 * How the demo's simulated client folder runs vtl (its bin/vtl and bin/vtl.cmd wrap this command).
 * - From source (tsx, vitest): undefined, so the simulator uses the repository's launcher.
 * - Built, in Node (the browser host, out/main/web.js): this Node and the built vtl.js beside this module.
 * - Built, in Electron: the app binary itself with --vtl (app-command-line.ts), because a packaged app has no
 *   Node to run a script with (its RunAsNode fuse is off). Started as `electron <app folder>` during development,
 *   the app folder comes first.
 */
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface RuntimeFacts {
  /** This module's file: a .ts file when running from source. */
  moduleFile: string
  execPath: string
  /** process.versions.electron */
  electron: string | undefined
  /** process.defaultApp: Electron started as `electron <app folder>`, not a packaged app. */
  defaultApp: boolean
}

export function demoVtlCommand(facts: RuntimeFacts = currentRuntime()): string[] | undefined {
  if (facts.moduleFile.endsWith('.ts')) return undefined
  // The main build is flat: every entry and chunk sits in out/main, so vtl.js is beside this module.
  const outMain = dirname(facts.moduleFile)
  if (!facts.electron) return [facts.execPath, join(outMain, 'vtl.js')]
  return facts.defaultApp
    ? [facts.execPath, resolve(outMain, '..', '..'), '--vtl']
    : [facts.execPath, '--vtl']
}

function currentRuntime(): RuntimeFacts {
  return {
    moduleFile: fileURLToPath(import.meta.url),
    execPath: process.execPath,
    electron: process.versions.electron,
    defaultApp: (process as { defaultApp?: boolean }).defaultApp === true,
  }
}
