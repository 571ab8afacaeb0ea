import type { Era } from './contract'

/** What differs between appliance generations: names, versions, banners, sizes, the result line. */
export interface EraProfile {
  product: string
  softwareVersion: string
  buildTime: string
  firmware: string
  hardwareModelLine: string
  partitionTotalBytes: number
  hsmStorageBytes: number
  defaultPartitionsAllowed: number
  copyright: string
  banner(softwareVersion: string, copyright: string): string
  /** The factory password of every account (`chrysalis` on 4.x, `PASSWORD` after). */
  factoryPassword: string
  /** How `Command Result` is spelled: the HID guide's 3.x/4.x transcripts mostly print `Command Result: 0`. */
  resultLine(code: 0 | 65535): string
}

const SPACED = (code: 0 | 65535): string =>
  code === 0 ? 'Command Result : 0 (Success)' : 'Command Result : 65535 (Luna Shell execution)'

export const ERA_PROFILES: Record<Era, EraProfile> = {
  /** Luna SA 3.x/4.x as the HID guide shows it: software 3.3.0-5 with firmware 4.5.3 (`hsm show`), a K3. */
  4: {
    product: 'Luna SA',
    softwareVersion: '3.3.0-5',
    // unverified: the build time and copyright years of 3.3.0-5.
    buildTime: '20090615 10:20',
    firmware: '4.5.3',
    hardwareModelLine: 'Hardware Model:                     Luna K3',
    // unverified: partition sizes on a K3.
    partitionTotalBytes: 102701,
    hsmStorageBytes: 2097152,
    // The HID guide's `hsm displayLicenses` shows `2 Partitions`.
    defaultPartitionsAllowed: 2,
    copyright: '2001-2009',
    // unverified: NOT FOUND in reference (no 3.x/4.x login banner); shaped like the 5.1 one.
    banner: (v, c) =>
      `Luna SA ${v} Command Line Shell - Copyright (c) ${c} SafeNet, Inc. All rights reserved.`,
    // LinOTP's Luna SA 4.5 guide (reference §1.3, S12): "the password chrysalis".
    factoryPassword: 'chrysalis',
    // The HID guide prints `Command Result: 0 (Success)` (a few of its samples have the space; most do not).
    // unverified: the failure line's spelling on 4.x.
    resultLine: (code) =>
      code === 0 ? 'Command Result: 0 (Success)' : 'Command Result: 65535 (Luna Shell execution)',
  },
  5: {
    product: 'Luna SA',
    softwareVersion: '5.4.7-1',
    // unverified: the build time of 5.4.7-1; the reference shows `[Build Time: 20111223 11:55]` for 5.1.0-24.
    buildTime: '20140821 14:03',
    firmware: '6.10.2',
    hardwareModelLine: 'Hardware Model:                     Luna K6',
    partitionTotalBytes: 102701,
    hsmStorageBytes: 2097152,
    defaultPartitionsAllowed: 5,
    copyright: '2001-2014',
    banner: (v, c) =>
      `Luna SA ${v} Command Line Shell - Copyright (c) ${c} SafeNet, Inc. All rights reserved.`,
    factoryPassword: 'PASSWORD',
    resultLine: SPACED,
  },
  6: {
    product: 'SafeNet Network HSM',
    softwareVersion: '6.2.2-5',
    // unverified: build time and copyright years for 6.2.2-5.
    buildTime: '20160622 10:14',
    firmware: '6.10.9',
    hardwareModelLine: 'HSM Model:                          K6 Base',
    partitionTotalBytes: 207559,
    hsmStorageBytes: 2097152,
    defaultPartitionsAllowed: 10,
    copyright: '2001-2016',
    banner: (v, c) =>
      `SafeNet Network HSM ${v} Command Line Shell - Copyright (c) ${c} SafeNet, Inc. All rights reserved.`,
    factoryPassword: 'PASSWORD',
    resultLine: SPACED,
  },
  7: {
    product: 'Luna Network HSM',
    softwareVersion: '7.8.5-20',
    // unverified: build time and firmware for 7.8.5.
    buildTime: '20240801 09:30',
    firmware: '7.8.4',
    hardwareModelLine: 'HSM Model:                          Luna K7',
    partitionTotalBytes: 648381,
    hsmStorageBytes: 33554432,
    defaultPartitionsAllowed: 5,
    copyright: '2024',
    banner: (v, c) =>
      `Luna Network HSM Command Line Shell v${v}. Copyright (c) ${c} Thales Group. All rights reserved.`,
    factoryPassword: 'PASSWORD',
    resultLine: SPACED,
  },
}
