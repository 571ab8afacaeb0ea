/**
 * Facts the parsers must read from outputs that stand both in the hand-picked fixtures and in the corpus of real
 * outputs (the same appliance's text): one object, so the two tables cannot drift apart.
 */

export const hsmShow53Facts = {
  softwareVersion: '5.3.0-11',
  label: 'patchLuna',
  serial: '157541',
  firmware: '6.10.1',
  model: 'Luna K6',
  authentication: 'Password',
  adminLoggedIn: false,
  loginAttemptsLeft: 3,
  zeroized: false,
  partitions: [{ serial: '157541008', name: 'patchPart' }],
  fips: false,
  storage: { maxBytes: 2097152, usedBytes: 104857, freeBytes: 1992295 },
  other: {
    'RPV Initialized': 'No',
    'Audit Role Initialized': 'No',
    'Remote Login Initialized': 'No',
    'Manually Zeroized': 'No',
  },
}

export const partitionList5Facts = [
  {
    serial: '157826004',
    name: 'testPar1',
    objects: 0,
    totalBytes: 102701,
    usedBytes: 0,
    freeBytes: 102701,
  },
  {
    serial: '157826011',
    name: 'testPar2',
    objects: 2,
    totalBytes: 102701,
    usedBytes: 0,
    freeBytes: 102701,
  },
]

export const partitionList7Facts = [
  {
    serial: '1582775433934',
    name: 'sp_sehsm3',
    version: '0',
    objects: 0,
    totalBytes: 648381,
    usedBytes: 0,
    freeBytes: 648381,
  },
]

export const partitionShow62Facts = {
  name: 'partition6',
  serial: '534071053',
  label: 'partition6',
  ownerLockedOut: false,
  ownerPinToBeChanged: false,
  loginAttemptsLeft: 10,
  storage: { totalBytes: 207559, usedBytes: 0, freeBytes: 207559 },
  objectCount: 0,
  other: { 'Legacy Domain Has Been Set': 'no' },
}
