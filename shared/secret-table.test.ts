import { describe, expect, it } from 'vitest'
import { allCommands } from './lunash/commands'
import {
  answerStart,
  asksForSecret,
  identifyCommand,
  isSecretOption,
  optionWord,
  secretTable,
} from './secret-table'

const secretFor = (line: string, option: string): boolean => {
  const context = identifyCommand(line.split(' '))
  return isSecretOption(optionWord(option)!.name, context)
}

describe('the secret table', () => {
  it("holds every lunash row's password prompt and every secret option of lunash, lunacm and vtl", () => {
    const rowPrompts = allCommands.flatMap((c) => c.prompts.filter((p) => p.kind === 'password'))
    expect(rowPrompts.length).toBeGreaterThan(10)
    for (const prompt of rowPrompts)
      expect(secretTable.prompts.map((p) => p.pattern)).toContain(prompt.pattern)
    const tools = new Set(secretTable.commands.map((c) => c.tool))
    expect([...tools]).toEqual(expect.arrayContaining(['lunash', 'lunacm', 'vtl']))
    for (const row of secretTable.commands) expect(row.source).not.toBe('')
  })

  it('reads an option in any dash, any case, with its value attached or not', () => {
    expect(optionWord('-password')).toEqual({ name: 'password' })
    expect(optionWord('--Password=x')).toEqual({ name: 'password', valueAt: 11 })
    expect(optionWord('\u2013PASSWORD')).toEqual({ name: 'password' })
    expect(optionWord('\u2014\u2014pw:x')).toEqual({ name: 'pw', valueAt: 5 })
    expect(optionWord('-')).toEqual({ name: '' })
    expect(optionWord('-5')).toBeUndefined()
    expect(optionWord('--------')).toBeUndefined()
    expect(optionWord('re-pin')).toBeUndefined()
  })

  it("takes every prefix of a command's secret option, and the documented short forms", () => {
    for (const option of ['-password', '-passw', '-pass', '-pa', '-p'])
      expect(secretFor('hsm login', option)).toBe(true)
    expect(secretFor('hsm init -label x', '-s')).toBe(true) // -sopw (5.3)
    expect(secretFor('hsm init -label x', '-d')).toBe(true) // -domain
    expect(secretFor('partition create', '-dom')).toBe(true)
    expect(secretFor('vtl haAdmin newGroup', '-p')).toBe(true)
    expect(secretFor('vtl haAdmin -addMember', '-passw')).toBe(true)
    expect(secretFor('lunacm partition login', '-c')).toBe(true) // -challenge
    expect(secretFor('lunacm', '-c')).toBe(false) // lunacm -c "<command>": the command follows
    expect(secretFor('par changePw', '-old')).toBe(true) // abbreviated command word
  })

  it("keeps a command's own other options apart: -s of partition create is -size, -de of hsm init is -defaultdomain", () => {
    expect(secretFor('partition create', '-s')).toBe(false)
    expect(secretFor('hsm init', '-de')).toBe(false)
    expect(secretFor('hsm init', '-defaultdomain')).toBe(false)
    expect(secretFor('hsm init', '-label')).toBe(false)
  })

  it('takes a secret option of any command by its full name or three letters of it, and -p', () => {
    expect(secretFor('frobnicate', '-password')).toBe(true)
    expect(secretFor('frobnicate', '-pas')).toBe(true)
    expect(secretFor('frobnicate', '-authpassword')).toBe(true)
    expect(secretFor('sshpass', '-p')).toBe(true)
    expect(secretFor('frobnicate', '-d')).toBe(false)
    expect(secretFor('frobnicate', '-label')).toBe(false)
  })

  it('knows when a console waits for a secret, and where an answer echoed in clear begins', () => {
    expect(asksForSecret('Password: ', undefined)).toBe(true)
    expect(asksForSecret('> ', "Please enter the HSM Administrators' password:")).toBe(true)
    expect(asksForSecret('> ', "Type 'proceed' to continue, or 'quit' to quit now.")).toBe(false)
    expect(asksForSecret('Please enter the partition challenge: ', undefined)).toBe(true)
    expect(asksForSecret('[spin-host] lunash:>', undefined)).toBe(false)
    expect(asksForSecret('op@pin-box:~$ ', undefined)).toBe(false)
    expect(answerStart('Password: S3cret', undefined)).toBe(10)
    expect(
      answerStart('> S3cret', 'Please enter a cloning domain to use when creating this partition:'),
    ).toBe(2)
    expect(answerStart('> ********', 'Please enter a password for the partition:')).toBeUndefined()
    expect(answerStart('        Domain:                  example.com', undefined)).toBeUndefined()
    expect(answerStart('Password authentication is enabled', undefined)).toBeUndefined()
  })
})
