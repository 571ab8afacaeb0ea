/** Console transcripts: where they are kept and whether their seals still hold. */
import { z } from 'zod'
import { noParams, type MethodSpecs } from './common'

/** Open the transcript folder and verify its seals. */
export const transcriptsMethods = {
  'transcripts.open': {
    /** Opens the transcript folder (desktop) or says where it is (browser host: `opened: false`). */
    params: noParams,
    result: z.object({ path: z.string(), opened: z.boolean() }),
  },
  'transcripts.verify': {
    /**
     * Checks the seals of every transcript in the folder: `sealed` (all vouched for; `lastSeal.digest` is what a
     * kept copy should show), `unsealed` (lines after the last seal: an open console or a crash) or `altered`.
     */
    params: noParams,
    result: z.object({
      path: z.string(),
      transcripts: z.array(
        z.object({
          name: z.string(),
          verdict: z.enum(['sealed', 'unsealed', 'altered']),
          seals: z.number().int(),
          unsealedLines: z.number().int(),
          lastSeal: z.object({ line: z.number().int(), at: z.string(), digest: z.string() }).optional(),
          broken: z.object({ line: z.number().int(), from: z.number().int(), reason: z.string() }).optional(),
        }),
      ),
      unreadable: z.array(z.string()),
    }),
  },
} satisfies MethodSpecs<'transcripts'>
