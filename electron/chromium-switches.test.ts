import { describe, expect, it } from 'vitest'
import { disableFeaturesValue, disabledChromiumFeatures } from './chromium-switches'

describe('the --disable-features value', () => {
  it('turns off the deferral of tasks after input, which held a keystroke echo back by a frame', () => {
    expect(disableFeaturesValue(undefined)).toBe('DeferRendererTasksAfterInput')
    expect(disabledChromiumFeatures).toContain('DeferRendererTasksAfterInput')
  })

  it("keeps the features the operator already disabled, in their order, before Rackside's", () => {
    expect(disableFeaturesValue('HardwareMediaKeyHandling, Translate')).toBe(
      'HardwareMediaKeyHandling,Translate,DeferRendererTasksAfterInput',
    )
  })

  it('names each feature once and drops empty entries', () => {
    expect(disableFeaturesValue('DeferRendererTasksAfterInput,,Translate,')).toBe(
      'DeferRendererTasksAfterInput,Translate',
    )
  })
})
