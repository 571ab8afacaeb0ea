/** The HA group the real `vtl haAdmin show` output lists: the corpus test and the parser's table both expect it. */
export const myHaLabelGroup = {
  label: 'my_ha_label',
  number: '1156908040',
  slot: 6,
  synchronization: 'enabled',
  members: ['156908040'],
  standby: [],
  memberRows: [{ slot: 1, serial: '156908040', label: 'par43', status: 'alive' }],
}
