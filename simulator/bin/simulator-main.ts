/**
 * The built simulator (out/main/simulator.js, `node out/main/simulator.js --ssh 2222`): the same command line as
 * `npm run simulator`, with plain Node. Its client folder's vtl runs the built vtl beside it with this same Node,
 * so nothing needs tsx or a source checkout.
 */
import { join } from 'node:path'
import { main } from '../cli'

void main({ vtlCommand: [process.execPath, join(import.meta.dirname, 'vtl.js')] })
