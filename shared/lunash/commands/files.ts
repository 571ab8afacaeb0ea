/** Files in the admin's home on the appliance (uploaded with scp). */
import { parseMyFileList } from '../parse/files'
import { command, noFields } from './spec'

export const myFileList = command({
  id: 'my.file.list',
  title: 'List the files uploaded to the appliance',
  validate: noFields,
  text: () => 'my file list',
  prompts: [],
  parse: parseMyFileList,
  unverified: true,
  timeoutMs: 15_000,
  capMs: 60_000,
})
