import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['{shared,electron,simulator,renderer,tests}/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // A host created without a data folder writes profiles and transcripts here, never in the tester's home.
    env: { RACKSIDE_DATA_DIR: mkdtempSync(join(tmpdir(), 'rackside-vitest-')) },
  },
})
