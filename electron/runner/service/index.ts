/** The runner service: one CommandRunner per console session, driven by the guided procedures. */
export { createRunnerService, type RunnerService, type RunnerServiceOptions } from './service'
export { commandFor, findCommand, previewCommand } from './commands'
export type { RunnerTarget } from './transfer'
