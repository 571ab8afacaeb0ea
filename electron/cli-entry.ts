/**
 * The built CLI (out/main/cli.js), which bin/rackside.mjs loads: `rackside status --json …` with plain Node and
 * production dependencies only. It exits when the command is done, whatever sockets or timers are still open.
 */
import { main } from './cli'

void main(process.argv.slice(2)).then((code) => process.exit(code))
