/** runner.* and overview.*: guided procedures, answered by the runner service. */
import type { RunnerService } from '../../runner/service'
import type { Handlers } from './types'

export function runnerRoutes(runners: RunnerService): Handlers<'runner'> {
  return {
    'runner.preview': async ({ commandId, fields, sessionId }, { client }) =>
      runners.preview(commandId, fields, sessionId === undefined ? undefined : { client, sessionId }),
    'runner.run': (params, { client }) => runners.run(client, params),
    'runner.verify': (params, { client }) => runners.verify(client, params),
    async 'runner.answer'(params, { client }) {
      runners.answer(client, params)
      return null
    },
    async 'runner.abort'({ sessionId }, { client }) {
      runners.abort(client, sessionId)
      return null
    },
    'runner.sessions': async (_params, { client }) => runners.sessions(client),
    'runner.upload': (params, { client }) => runners.upload(client, params),
  }
}

export function overviewRoutes(runners: RunnerService): Handlers<'overview'> {
  return { 'overview.read': ({ sessionId }, { client }) => runners.overview(client, sessionId) }
}
