/**
 * Which `vtl` commands take a secret on their command line (the partition password of `vtl haAdmin`), read by
 * shared/secret-table.ts so the transcript hides it however it is spelt. The subcommand may carry a dash
 * (`haAdmin -newGroup`, `–HAOnly` in the HID guide) and vtl accepts abbreviations (`vtl ver`, S16).
 */
import type { SecretCommand } from '../lunash/commands/secret-options'

const password = { name: 'password', short: ['p', 'pw'] }

export const vtlSecretCommands: readonly SecretCommand[] = [
  {
    tool: 'vtl',
    words: ['haadmin', 'newgroup'],
    secrets: [password],
    options: ['serialnum', 'serialnumber', 'sn', 'label', 'l'],
    source: 'S8 (vtl haAdmin newGroup -serialNum <SN> -label <label> -p <password>); HID guide (–password)',
  },
  {
    tool: 'vtl',
    words: ['haadmin', 'addmember'],
    secrets: [password],
    options: ['group', 'g', 'serialnum', 'serialnumber', 'sn'],
    source: 'S8; HID guide (vtl haAdmin –addMember … –password [Partition password])',
  },
  {
    tool: 'vtl',
    words: ['haadmin', 'synchronize'],
    secrets: [password],
    options: ['group', 'g', 'enable', 'disable'],
    source: 'S8 (synchronize -group <num>); the password of 5.x haAdmin assumed',
  },
  {
    tool: 'vtl',
    words: ['haadmin', 'removemember'],
    secrets: [password],
    options: ['group', 'g', 'serialnum', 'serialnumber', 'sn'],
    source: 'assumed like addMember',
  },
  {
    tool: 'vtl',
    words: ['haadmin', 'recover'],
    secrets: [password],
    options: ['group', 'g'],
    source: 'assumed (5.x haAdmin -recover)',
  },
]
