/** The client-side wizard's steps, in the order of the HID guide; a step's number is its place here. */
import { CMS_STEPS } from './cms'
import { HA_STEPS } from './ha'
import { referTo, type StepDef, type StepId } from './model'
import { TRUST_LINK_STEPS } from './trust-link'

export const CLIENT_STEPS: readonly StepDef[] = [...TRUST_LINK_STEPS, ...CMS_STEPS, ...HA_STEPS]

export const stepNumber = (id: StepId): number => CLIENT_STEPS.findIndex((s) => s.id === id) + 1

/** A step's text with `{step:<id>}` read as that step's number. */
export const withStepNumbers = (text: string): string => referTo(text, stepNumber)

export * from './model'
