/**
 * Which lunash and lunacm commands take a secret on their command line, and under which option names, across
 * the eras. The runner never types a secret on a command line (the rows in this folder answer the prompts
 * instead), but an operator may, and the transcript must hide it: shared/secret-table.ts reads these rows.
 *
 * lunash accepts any unambiguous prefix of an option (`hsm init -l`, `client register -c`; reference §1.5),
 * so the redactor treats every prefix of a secret option of the command as secret. `short` lists the short
 * forms the documentation names besides the prefixes (5.3 `hsm init`: `-sopw -s`, `-domain -d`).
 * `options` lists the command's other options: a word after a secret option that is one of these is the next
 * option, not the secret.
 */

export interface SecretOption {
  /** The option's name without dashes, lower case. */
  name: string
  /** Documented short forms that are not prefixes of the name. */
  short?: readonly string[]
}

export interface SecretCommand {
  /** The program: `lunash` and `lunacm` commands are typed at their own prompts, the others at a shell. */
  tool: string
  /** The command words after the program (for lunash and lunacm, the command itself), each may be abbreviated. */
  words: readonly string[]
  secrets: readonly SecretOption[]
  /** The command's options that carry no secret (values and flags), lower case. */
  options?: readonly string[]
  /** Where the syntax is documented (reference/luna-lunash-vtl.md source ids), or why it is assumed. */
  source: string
}

const pw = { name: 'password' }
const domain = { name: 'domain', short: ['d'] }
const oldpw = { name: 'oldpw' }
const newpw = { name: 'newpw' }
/** Backup tokens have their own SO password and domain (partition/hsm backup and restore). */
const token = [{ name: 'tokenpw' }, { name: 'tokensopw' }, { name: 'tokendomain' }, { name: 'tokenpassword' }]
const partitionOptions = ['partition', 'par', 'label', 'force', 'f']

export const lunashSecretCommands: readonly SecretCommand[] = [
  {
    tool: 'lunash',
    words: ['hsm', 'init'],
    // 5.3: -sopw (short -s); 7.x: -password; both: -domain (short -d). The simulator accepts -p as well.
    secrets: [{ name: 'sopw', short: ['s'] }, { name: 'password', short: ['p', 'pw'] }, domain],
    options: [
      'label',
      'l',
      'force',
      'f',
      'alwaysaskmofn',
      'a',
      'mofn',
      'mo',
      'mval',
      'mv',
      'nval',
      'n',
      'applytemplate',
      'defaultdomain',
      'authtimeconfig',
    ],
    source: 'S10 use_hsm-init_to_initialize_an_hsm_pw.htm (5.3 usage); S11 hsm_init.htm (7.x); S2',
  },
  {
    tool: 'lunash',
    words: ['hsm', 'login'],
    secrets: [{ name: 'password', short: ['p', 'pw'] }],
    options: ['serial'],
    source: 'S2 (`hsm login -p <pw>` accepted inline)',
  },
  {
    tool: 'lunash',
    words: ['hsm', 'changepw'],
    secrets: [oldpw, newpw, pw, { name: 'sopw' }],
    source: 'assumed from partition changePw (5.x): -oldpw / -newpw',
  },
  {
    tool: 'lunash',
    words: ['hsm', 'backup'],
    secrets: [pw, { name: 'sopw' }, domain, ...token],
    options: ['serial', 'tokenpar', 'label', 'force', 'f', 'replace'],
    source: 'assumed (5.x backup tokens); NOT FOUND in reference',
  },
  {
    tool: 'lunash',
    words: ['hsm', 'restore'],
    secrets: [pw, { name: 'sopw' }, domain, ...token],
    options: ['serial', 'tokenpar', 'force', 'f'],
    source: 'assumed (5.x backup tokens); NOT FOUND in reference',
  },
  {
    tool: 'lunash',
    words: ['partition', 'create'],
    secrets: [{ name: 'password', short: ['pw'] }, domain],
    options: [...partitionOptions, 'size', 's', 'allfreestorage'],
    source: 'S10 partition_create_command.htm (5.3); S2',
  },
  {
    tool: 'lunash',
    words: ['partition', 'activate'],
    secrets: [pw],
    options: partitionOptions,
    source: 'HID guide "Activating the partition" (prompted); the option is assumed like partition create',
  },
  {
    tool: 'lunash',
    words: ['partition', 'deactivate'],
    secrets: [pw],
    options: partitionOptions,
    source: 'assumed like partition activate',
  },
  {
    tool: 'lunash',
    words: ['partition', 'changepw'],
    secrets: [oldpw, newpw, pw],
    options: [...partitionOptions, 'oco', 'co'],
    source: 'simulator and 5.x docs: partition changePw -partition P -oldpw X -newpw Y',
  },
  {
    tool: 'lunash',
    words: ['partition', 'resetpw'],
    secrets: [newpw, pw],
    options: partitionOptions,
    source: 'assumed (5.x partition resetPw)',
  },
  {
    tool: 'lunash',
    words: ['partition', 'showcontents'],
    secrets: [pw],
    options: partitionOptions,
    source: 'reference §2.6 (par showContents prompts for the Crypto Officer password)',
  },
  {
    tool: 'lunash',
    words: ['partition', 'backup'],
    secrets: [pw, domain, ...token],
    options: [...partitionOptions, 'serial', 'tokenpar', 'replace', 'add'],
    source: 'assumed (5.x partition backup); NOT FOUND in reference',
  },
  {
    tool: 'lunash',
    words: ['partition', 'restore'],
    secrets: [pw, domain, ...token],
    options: [...partitionOptions, 'serial', 'tokenpar', 'replace', 'add'],
    source: 'assumed (5.x partition restore); NOT FOUND in reference',
  },
  {
    tool: 'lunash',
    words: ['partition', 'clone'],
    secrets: [pw, domain, ...token],
    options: [...partitionOptions, 'serial', 'objects'],
    source: 'assumed (5.x partition clone); NOT FOUND in reference',
  },
  {
    tool: 'lunash',
    words: ['partition', 'archive'],
    secrets: [pw, domain, ...token],
    options: [...partitionOptions, 'serial', 'tokenpar', 'objects', 'replace', 'add'],
    source: 'assumed (6.x partition archive backup/restore); NOT FOUND in reference',
  },
  {
    tool: 'lunash',
    words: ['token', 'backup'],
    secrets: [pw, domain, { name: 'sopw' }, ...token],
    options: ['serial', 'label', 'force', 'f'],
    source: 'assumed (5.x token backup init/login); NOT FOUND in reference',
  },
  {
    tool: 'lunash',
    words: ['stc'],
    secrets: [pw],
    source: 'assumed (6.x/7.x Secure Trusted Channel commands); NOT FOUND in reference',
  },
  // lunacm, at its own `lunacm:>` prompt or as `lunacm -c "<command>"` (reference §4).
  {
    tool: 'lunacm',
    words: [],
    secrets: [],
    options: ['c', 'q', 's'],
    source: 'S20 (lunacm -q clientconfig deploy …, lunacm -c "…"): the command follows, it is no secret',
  },
  {
    tool: 'lunacm',
    words: ['partition', 'init'],
    secrets: [{ name: 'password', short: ['p', 'pw'] }, domain],
    options: ['label', 'l', 'force', 'f', 'slot'],
    source: 'S13 (partition init -label L -domain D, prompts for the Partition SO password)',
  },
  {
    tool: 'lunacm',
    words: ['partition', 'login'],
    secrets: [{ name: 'password', short: ['p', 'pw'] }, { name: 'challenge' }],
    options: ['name', 'slot'],
    source: 'S11 (lunacm); -challenge assumed for PED partitions',
  },
  {
    tool: 'lunacm',
    words: ['partition', 'changepw'],
    secrets: [oldpw, newpw, pw],
    options: ['name', 'slot', 'force', 'f'],
    source: 'assumed like role changepw',
  },
  {
    tool: 'lunacm',
    words: ['role', 'login'],
    secrets: [{ name: 'password', short: ['p', 'pw'] }, { name: 'challenge' }],
    options: ['name', 'n', 'slot'],
    source: 'S11 (role login -name po|co); -password and -challenge assumed',
  },
  {
    tool: 'lunacm',
    words: ['role', 'init'],
    secrets: [{ name: 'password', short: ['p', 'pw'] }, domain],
    options: ['name', 'n', 'force', 'f'],
    source: 'S11 (role init -name co)',
  },
  {
    tool: 'lunacm',
    words: ['role', 'changepw'],
    secrets: [oldpw, newpw, pw],
    options: ['name', 'n', 'force', 'f'],
    source: 'S11 (role changepw)',
  },
  {
    tool: 'lunacm',
    words: ['role', 'resetpw'],
    secrets: [newpw, pw],
    options: ['name', 'n', 'force', 'f'],
    source: 'assumed (lunacm role resetpw)',
  },
  {
    tool: 'lunacm',
    words: ['role', 'setdomain'],
    secrets: [domain, { name: 'olddomain' }],
    options: ['name', 'n', 'force', 'f'],
    source: 'assumed (lunacm role setdomain)',
  },
  {
    tool: 'lunacm',
    words: ['hagroup', 'creategroup'],
    secrets: [{ name: 'password', short: ['p', 'pw'] }],
    options: ['label', 'l', 'serialnumber', 'serialnum', 'slot'],
    source: 'S7, S9, S11 (hagroup createGroup -label L -serialNumber S -password P)',
  },
  {
    tool: 'lunacm',
    words: ['hagroup', 'addmember'],
    secrets: [{ name: 'password', short: ['p', 'pw'] }],
    options: ['group', 'g', 'serialnumber', 'serialnum', 'slot'],
    source: 'S7, S9, S11 (hagroup addMember -group L -serialNumber S -password P)',
  },
  {
    tool: 'lunacm',
    words: ['clientconfig', 'deploy'],
    secrets: [{ name: 'password', short: ['pw'] }],
    options: ['server', 'n', 'client', 'c', 'partition', 'par', 'user', 'force', 'v', 'verbose'],
    source: 'S20 (clientconfig deploy … [-password <pw>])',
  },
  {
    tool: 'lunacm',
    words: ['hsm', 'init'],
    secrets: [{ name: 'password', short: ['p', 'pw'] }, domain],
    options: ['label', 'l', 'force', 'f', 'defaultdomain'],
    source: 'assumed like lunash hsm init 7.x',
  },
]
