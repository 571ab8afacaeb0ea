/**
 * The built vtl (out/main/vtl.js): what a client folder's bin/vtl runs with plain Node. The client folder comes
 * from ChrystokiConfigurationPath, which that wrapper sets.
 */
import { main } from '../vtl/main'

void main()
