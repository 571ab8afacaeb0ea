import type { Era } from './contract'

/** What differs between appliance generations: names, versions, banners, sizes. */
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
}

export const ERA_PROFILES: Record<Era, EraProfile> = {
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
  },
}
