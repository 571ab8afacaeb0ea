/**
 * The public face of electron/sessions for the other rooms: a console session and its sink, the transcript
 * wrapper every console writes through, and the live appliances the runner service and the client side ask.
 * Other rooms import from here, never from the files behind it.
 */
export { LiveAppliance, LiveAppliances } from './live-appliance'
export type { ApplianceOpening, ApplianceTarget, FollowPlan, KeptPasswords } from './live-appliance'
export type { ConsoleSession, SessionSink } from './session'
export type { ConsoleRunners } from './live-sessions'
export { withTranscript } from './transcribed'
