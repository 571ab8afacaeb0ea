/**
 * The routing table: every namespace of the contract and the handler module that answers it. A newcomer adding
 * a method adds it to shared/api/<namespace>.ts and to that namespace's handlers here; the compiler names
 * whatever is missing.
 */
import type { Result } from '../../../shared/api'
import type { ClientService } from '../../client/service/service'
import type { Consoles } from '../../sessions/consoles'
import type { LiveSessions } from '../../sessions/live-sessions'
import type { RunnerService } from '../../runner/service'
import type { KeychainService } from '../../vault/service'
import type { ValidRequest } from '../validate'
import { appRoutes, type LogFolder } from './app'
import { clientRoutes, vaultRoutes } from './client'
import { hostKeysRoutes, profilesRoutes, serialRoutes, transcriptsRoutes } from './consoles'
import { overviewRoutes, runnerRoutes } from './runner'
import { sessionsRoutes } from './sessions'
import { settingsRoutes } from './settings'
import type { SettingsStore } from '../../settings/store'
import { filesRoutes, type NativeChooser } from './files'
import type { HostChooserOptions } from '../../files/host-chooser'
import type { RequestContext, Routes } from './types'

export type { Handler, Handlers, RequestContext, Routes, ValidParams } from './types'

/** The services the handlers answer with, wired by the host. */
export interface RouteServices {
  app: Result<'app.info'>
  /** Flashes the window of a transport client; false where the host cannot (the browser host). */
  attention?: (client: string) => boolean
  logFolder?: LogFolder
  live: LiveSessions
  consoles: Consoles
  runners: RunnerService
  clientSide: ClientService
  vaults: KeychainService
  settings: SettingsStore
  /** Electron's OS file dialog; absent in the browser host, whose page browses with files.list. */
  chooseFile?: NativeChooser
  /** What the browser host's chooser may show (default: home and the Luna client folders). */
  fileRoots?: HostChooserOptions
}

export function createRoutes(services: RouteServices): Routes {
  const { live, consoles, runners, clientSide, vaults } = services
  return {
    ...appRoutes({ info: services.app, attention: services.attention, logFolder: services.logFolder }),
    ...profilesRoutes(consoles),
    ...serialRoutes(consoles),
    ...sessionsRoutes(live, consoles, runners),
    ...hostKeysRoutes(consoles),
    ...transcriptsRoutes(consoles),
    ...runnerRoutes(runners),
    ...overviewRoutes(runners),
    ...clientRoutes(clientSide),
    ...vaultRoutes(vaults),
    ...settingsRoutes(services.settings),
    ...filesRoutes(services.chooseFile, services.fileRoots),
  }
}

/** Runs a validated request through its handler. */
export function route(routes: Routes, request: ValidRequest, ctx: RequestContext): Promise<unknown> {
  // validateRequest checked the method and its params together, so the params are the ones this handler takes
  // (TypeScript cannot follow that correlation through an index on a union).
  const handler = routes[request.method] as (
    params: ValidRequest['params'],
    ctx: RequestContext,
  ) => Promise<unknown>
  return handler(request.params, ctx)
}
