/**
 * The command runner for the console sessions and the host:
 *
 *   const runner = new CommandRunner(channel)            // one per session, created when the session opens
 *   runner.onBusyChange((busy, command) => ...)          // block the operator's typing, show "running: <command>"
 *   const step = await runner.runStep(networkHostname, { hostname: 'hsm-rack-07' }, { confirm, secret, ped })
 *   step.status  // 'done' only when the read-back proved it; 'failed'; 'unknown' (re-verify)
 *   runner.abort()                                       // quit at a confirmation, Ctrl-C otherwise
 *
 * Command rows live in shared/lunash/commands; parsers in shared/lunash/parse and shared/vtl.
 */
export { CommandRunner, RunnerBusyError } from './runner'
// The runner's request and result types, exactly as types.ts declares them.
export type * from './types'
export { streamChannel, type Channel, type ShellStreamLike } from './channel'
