import type { ClientRoot } from './client-root'
import { haGroups, haOnly, saveHaGroups, setHaOnly, syncEnabled, type HaGroup } from './ha-config'
import { option, parseArgs, VtlError, type VtlIo } from './output'
import { discover, slotRows, type FoundPartition } from './slots'

/**
 * `vtl haAdmin <subcommand>` (S8): newGroup, addMember, removeMember, show, synchronize, HAOnly, deleteGroup.
 * Both `haAdmin show` and `haAdmin -show` appear in public text, so the subcommand may carry a dash.
 * Only `show` has a verified output; the other outputs are unverified: NOT FOUND in reference.
 *
 * newGroup and addMember need the partition password (`-password`, or `-p` as S8 writes it). Left off the command
 * line, vtl asks for it, as Luna's client tools do for an omitted password (lunacm answers a password prompt
 * in openstack/ansible-role-lunasa-hsm, S7; thalesdocs' lunacm `role createchallenge` and lunash
 * `cluster member authorize` say the tool prompts when the option is omitted): with echo off on a terminal,
 * one line from standard input otherwise (read-secret.ts). The simulator takes any password it is given: its NTLS
 * link lists a client's partitions without a partition login, so there is nothing to check it against.
 */
export async function haAdmin(client: ClientRoot, words: string[], io: VtlIo): Promise<number> {
  const sub = (words[0] ?? '').replace(/^[-\u2013]+/, '').toLowerCase()
  const args = parseArgs(words.slice(1), ['enable', 'disable', 'show', 'f', 'force'])
  const conf = client.readConf()
  const groups = haGroups(conf)
  const findGroup = () => {
    const wanted = option(args, 'group', 'g', 'label', 'l')
    if (!wanted) throw new VtlError('Error: Specify the HA group with -group <group number or label>')
    const group = groups.find(
      (entry) => entry.number === wanted || entry.label.toLowerCase() === wanted.toLowerCase(),
    )
    // unverified: NOT FOUND in reference
    if (!group) throw new VtlError(`Error: HA group ${wanted} does not exist.`)
    return group
  }
  const partitionBySerial = async (serial: string): Promise<FoundPartition> => {
    const found = await discover(client)
    const partition = found.partitions.find((entry) => entry.serial === serial)
    // unverified: NOT FOUND in reference
    if (!partition)
      throw new VtlError(`Error: The partition with serial number ${serial} is not visible to this client.`)
    return partition
  }
  /** The partition password: from the command line, else asked for (the prompt's text is unverified: NOT FOUND). */
  const partitionPassword = async (): Promise<string> => {
    const given = option(args, 'password', 'p')
    if (given) return given
    const typed = await io.readSecret?.('Please enter the password for the partition: ')
    // unverified: NOT FOUND in reference
    if (!typed) throw new VtlError('Error: No partition password was entered.')
    return typed
  }
  const save = (next: HaGroup[]) => {
    saveHaGroups(conf, next)
    client.writeConf(conf)
  }

  switch (sub) {
    case 'newgroup': {
      const serial = option(args, 'serialnum', 'serialnumber', 'sn')
      const label = option(args, 'label', 'l')
      if (!serial || !label)
        throw new VtlError(
          'Usage: vtl haAdmin newGroup -serialNum <partition SN> -label <label> [-p <password>]',
        )
      if (groups.some((group) => group.label.toLowerCase() === label.toLowerCase())) {
        throw new VtlError(`Error: An HA group with the label ${label} already exists.`)
      }
      await partitionPassword()
      await partitionBySerial(serial)
      const group: HaGroup = { label, number: `1${serial}`, members: [serial] }
      save([...groups, group])
      io.print(`\nNew group with label "${label}" created with group number ${group.number}.\n`)
      io.print(`Group configuration is:\n\n`)
      printGroup(io, group, undefined, true)
      return 0
    }
    case 'addmember': {
      const group = findGroup()
      const serial = option(args, 'serialnum', 'serialnumber', 'sn')
      if (!serial)
        throw new VtlError(
          'Usage: vtl haAdmin addMember -group <group number> -serialNum <partition SN> [-p <password>]',
        )
      if (group.members.includes(serial))
        throw new VtlError(`Error: Member ${serial} is already part of group ${group.number}.`)
      await partitionPassword()
      await partitionBySerial(serial)
      group.members.push(serial)
      save(groups)
      io.print(
        `\nMember ${serial} successfully added to group ${group.number}. New group configuration is:\n\n`,
      )
      printGroup(io, group, undefined, true)
      return 0
    }
    case 'removemember': {
      const group = findGroup()
      const serial = option(args, 'serialnum', 'serialnumber', 'sn')
      if (!serial || !group.members.includes(serial)) {
        throw new VtlError(`Error: Member ${serial ?? '(none given)'} is not part of group ${group.number}.`)
      }
      group.members = group.members.filter((member) => member !== serial)
      save(group.members.length ? groups : groups.filter((entry) => entry !== group))
      io.print(`\nMember ${serial} successfully removed from group ${group.number}.\n`)
      return 0
    }
    case 'deletegroup': {
      const group = findGroup()
      save(groups.filter((entry) => entry !== group))
      io.print(`\nGroup ${group.number} (${group.label}) successfully deleted.\n`)
      return 0
    }
    case 'synchronize': {
      const group = findGroup()
      const found = await discover(client)
      const missing = group.members.filter(
        (member) => !found.partitions.some((partition) => partition.serial === member),
      )
      if (missing.length)
        throw new VtlError(
          `Error: Unable to synchronize group ${group.number}: member(s) ${missing.join(', ')} not reachable.`,
        )
      io.print(`\nSynchronizing group ${group.label} (${group.number})...\n`)
      io.print(`Synchronization of group ${group.number} completed successfully.\n`)
      return 0
    }
    case 'haonly': {
      if (args.options.has('enable')) setHaOnly(conf, true)
      else if (args.options.has('disable')) setHaOnly(conf, false)
      else {
        io.print(`\nHA Only mode: ${haOnly(conf) ? 'enabled' : 'disabled'}\n`)
        return 0
      }
      client.writeConf(conf)
      io.print(`\nHA Only mode ${haOnly(conf) ? 'enabled' : 'disabled'}.\n`)
      return 0
    }
    case 'show':
      return show(client, groups, io)
    default:
      throw new VtlError(
        'Usage: vtl haAdmin <newGroup | addMember | removeMember | deleteGroup | synchronize | HAOnly | show> [options]',
      )
  }
}

function printGroup(io: VtlIo, group: HaGroup, slot: number | undefined, synchronized: boolean): void {
  io.print(`HA Group Label: ${group.label}\n`)
  io.print(`HA Group Number: ${group.number}\n`)
  io.print(`HA Group Slot #: ${slot ?? 'unknown'}\n`)
  io.print(`Synchronization: ${synchronized ? 'enabled' : 'disabled'}\n`)
  io.print(`Group Members: ${group.members.join(', ')}\n`)
  io.print('Standby members:\n\n')
}

/** `vtl haAdmin show`, as S8 prints it (whitespace collapsed there). */
async function show(client: ClientRoot, groups: HaGroup[], io: VtlIo): Promise<number> {
  const conf = client.readConf()
  let partitions: FoundPartition[] = []
  try {
    partitions = (await discover(client)).partitions
  } catch {
    // no servers or no client certificate: the configuration is still shown, members are down
  }
  const rows = slotRows(client, partitions)
  io.print('================ HA Global Configuration Settings ===============\n\n')
  io.print('HA Proxy: disabled\n')
  io.print('HA Auto Recovery: disabled\n')
  io.print('Maximum Auto Recovery Retry: 0\n')
  io.print('Auto Recovery Poll Interval: 60 seconds\n')
  io.print('HA Logging: enabled\n')
  io.print('HA Log File: /tmp/haErrorLog.txt\n')
  io.print('Maximum HA Log File Length: 262144 bytes\n')
  io.print(`Only Show HA Slots: ${haOnly(conf) ? 'yes' : 'no'}\n\n`)
  io.print('================ HA Group and Member Information ================\n\n')
  if (groups.length === 0) {
    // unverified: NOT FOUND in reference
    io.print('There are no HA groups configured.\n')
    return 0
  }
  for (const group of groups) {
    const slot = rows.find((row) => row.serial === group.number && row.description.startsWith('HA'))?.slot
    printGroup(io, group, slot, syncEnabled(conf, group.label))
    io.print('Slot # Member S/N Member Label Status\n')
    io.print('====== ========== ============ ======\n')
    for (const member of group.members) {
      const row = rows.find((entry) => entry.serial === member && entry.description === 'LunaNet Slot')
      const partition = partitions.find((entry) => entry.serial === member)
      const slotText = row ? String(row.slot) : '-'
      io.print(`${slotText} ${member} ${partition?.label ?? '-'} ${partition ? 'alive' : 'down'}\n`)
    }
    io.print('\n')
  }
  return 0
}
