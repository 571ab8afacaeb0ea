/**
 * The Electron security scan of `npm run lint`: Electronegativity over the app's own source, less the findings
 * scripts/electronegativity-allow.json accepts (each with its reason). Every other finding is printed on one line;
 * any HIGH finding, any MEDIUM one the scanner is FIRM or CERTAIN about, a file it cannot parse, an allow entry
 * that no longer matches anything, or an inline `eng-disable` comment (a second, reasonless allow-list) fails it.
 *
 * The scanner parses TypeScript and TSX itself (Babel's parser), so it reads the source and reports source lines,
 * not the electron-vite build. It scans one folder, and its global checks (CSP, navigation limits, permission
 * handlers) judge all files together, so the parts of the app it should see are copied into one scratch folder:
 * that also keeps tests, the simulator and node_modules out of it.
 *
 *   tsx scripts/electronegativity.ts [--root DIR] [--allow FILE]
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { extname, join, relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { z } from 'zod'

const repoRoot = resolve(import.meta.dirname, '..')
export const defaultAllowList = join(repoRoot, 'scripts/electronegativity-allow.json')

/** What ships in the app and can hold Electron settings: the main and preload side, the renderer, shared code. */
const scannedParts = ['package.json', 'electron', 'renderer', 'shared']
const scannedExtensions = new Set(['.js', '.jsx', '.ts', '.tsx', '.html', '.htm'])
const testFile = /\.test\.[jt]sx?$/

const severities = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH'] as const
const confidences = ['TENTATIVE', 'FIRM', 'CERTAIN'] as const
export type Severity = (typeof severities)[number]
export type Confidence = (typeof confidences)[number]

export interface Finding {
  check: string
  severity: Severity
  confidence: Confidence
  /** Relative to the scanned root, '/'-separated; 'N/A' for a finding about the app as a whole. */
  file: string
  line: number
  column: number
  /** What was flagged: the CSP string for a CSP finding, otherwise the source line. */
  text: string
  description: string
  url: string
}

export interface ScanResult {
  files: number
  findings: Finding[]
  /** Files the scanner could not parse (so nothing in them was checked), or only partly. */
  parseErrors: { file: string; message: string; tolerable: boolean }[]
  /** `eng-disable` comments: the scanner would silently drop what they name. */
  inlineDisables: { file: string; line: number; text: string }[]
}

const allowEntry = z.strictObject({
  check: z.string().regex(/^[A-Z0-9_]+$/, 'a check id such as PRELOAD_JS_CHECK'),
  file: z.string().min(1),
  /** Text the flagged line (or CSP string) must contain, so one entry cannot cover a new finding elsewhere. */
  match: z.string().min(1).optional(),
  reason: z.string().trim().min(20, 'a reason a reviewer can judge (20 characters at least)'),
})
const allowFile = z.strictObject({ $comment: z.string().optional(), allow: z.array(allowEntry) })
export type AllowEntry = z.infer<typeof allowEntry>

export function loadAllowList(path: string): AllowEntry[] {
  let json: unknown
  try {
    json = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new Error(`Cannot read the allow-list ${path}: ${(error as Error).message}`)
  }
  const parsed = allowFile.safeParse(json)
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(top)'}: ${issue.message}`,
    )
    throw new Error(`The allow-list ${path} is not valid: ${problems.join('; ')}`)
  }
  return parsed.data.allow
}

/** HIGH at any confidence, MEDIUM unless merely tentative. */
export function isFailing(finding: Finding): boolean {
  return finding.severity === 'HIGH' || (finding.severity === 'MEDIUM' && finding.confidence !== 'TENTATIVE')
}

function allows(entry: AllowEntry, finding: Finding): boolean {
  return (
    entry.check === finding.check &&
    entry.file === finding.file &&
    (entry.match === undefined || finding.text.includes(entry.match))
  )
}

export interface Verdict {
  allowed: Finding[]
  remaining: Finding[]
  failing: Finding[]
  /** Entries that match no finding: the code changed, and the entry would later allow something unreviewed. */
  stale: AllowEntry[]
  ok: boolean
}

export function judge(scan: ScanResult, allowList: readonly AllowEntry[]): Verdict {
  const allowed: Finding[] = []
  const remaining: Finding[] = []
  const used = new Set<AllowEntry>()
  for (const finding of scan.findings) {
    const entry = allowList.find((candidate) => allows(candidate, finding))
    if (entry) {
      used.add(entry)
      allowed.push(finding)
    } else remaining.push(finding)
  }
  const failing = remaining.filter(isFailing)
  const stale = allowList.filter((entry) => !used.has(entry))
  const unparsed = scan.parseErrors.filter((error) => !error.tolerable)
  const ok =
    failing.length === 0 && stale.length === 0 && unparsed.length === 0 && scan.inlineDisables.length === 0
  return { allowed, remaining, failing, stale, ok }
}

/** The report: one line per finding still standing and per problem, then a summary line. */
export function report(scan: ScanResult, verdict: Verdict, allowListName: string): string[] {
  const lines: string[] = []
  for (const f of verdict.remaining) {
    const where = f.file === 'N/A' ? 'the app' : `${f.file}:${f.line}:${f.column}`
    lines.push(
      `${isFailing(f) ? 'FAIL' : 'note'} ${f.severity} ${f.confidence} ${f.check} ${where}: ${f.description} (${f.url})`,
    )
  }
  for (const error of scan.parseErrors)
    lines.push(
      error.tolerable
        ? `note ${error.file}: parsed with a warning: ${error.message}`
        : `FAIL ${error.file}: the scanner cannot parse it, so nothing in it was checked: ${error.message}`,
    )
  for (const d of scan.inlineDisables)
    lines.push(
      `FAIL ${d.file}:${d.line}: an eng-disable comment hides findings without a reason; ` +
        `accept a finding in ${allowListName} instead (${d.text})`,
    )
  for (const entry of verdict.stale)
    lines.push(
      `FAIL ${allowListName}: ${entry.check} in ${entry.file}` +
        `${entry.match === undefined ? '' : ` matching "${entry.match}"`} matches no finding any more; remove the entry`,
    )
  lines.push(
    `Electronegativity: ${scan.files} files scanned, ${scan.findings.length} findings, ` +
      `${verdict.allowed.length} accepted in ${allowListName}, ${verdict.failing.length} failing` +
      (verdict.ok ? '.' : ' — FAILED.'),
  )
  return lines
}

// The scanner is CommonJS without types; this is the part of its result used here.
interface RawIssue {
  id: string
  file: string
  sample?: unknown
  location: { line: number; column: number }
  description: string
  shortenedURL: string
  severity: { name: string }
  confidence: { name: string }
}
interface RawResult {
  issues: RawIssue[]
  errors: { file: string; message: string; tolerable: boolean }[]
}
type RunScanner = (options: Record<string, unknown>, forCli: boolean) => Promise<RawResult>

const require = createRequire(import.meta.url)

function loadScanner(): RunScanner {
  // At start the scanner fetches translations from the web (1 s timeout). Lint stays offline: answer "no update",
  // and it uses the English texts it ships.
  const scannerRequire = createRequire(require.resolve('@doyensec/electronegativity/dist/locales/i18n.js'))
  const gotPath = scannerRequire.resolve('got')
  const offline = async (): Promise<{ statusCode: number; body: string }> => ({ statusCode: 404, body: '' })
  require.cache[gotPath] ??= {
    id: gotPath,
    filename: gotPath,
    loaded: true,
    exports: offline,
  } as NodeJS.Module
  return require('@doyensec/electronegativity') as RunScanner
}

/** A scanned file's name as the allow-list and the report write it: relative to the root, '/'-separated. */
function appPath(scratch: string, file: string): string {
  return relative(scratch, file).split('\\').join('/')
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
}

function inlineDisables(scratch: string, files: string[]): ScanResult['inlineDisables'] {
  const found: ScanResult['inlineDisables'] = []
  for (const file of files) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((text, index) => {
        if (/(?:\/\/|\/\*|<!--)[ \t]*eng-disable/.test(text))
          found.push({ file: appPath(scratch, file), line: index + 1, text: text.trim() })
      })
  }
  return found
}

function asSeverity(name: string): Severity {
  if ((severities as readonly string[]).includes(name)) return name as Severity
  throw new Error(`The scanner reported an unknown severity "${name}".`)
}
function asConfidence(name: string): Confidence {
  if ((confidences as readonly string[]).includes(name)) return name as Confidence
  throw new Error(`The scanner reported an unknown confidence "${name}".`)
}

/** Scans the app under `root` (a checkout of this repository, or a fixture laid out like one). */
export async function scan(root: string): Promise<ScanResult> {
  const parts = scannedParts.filter((part) => existsSync(join(root, part)))
  if (parts.length === 0)
    throw new Error(`Nothing to scan in ${root}: none of ${scannedParts.join(', ')} is there.`)
  const scratch = mkdtempSync(join(tmpdir(), 'rackside-electronegativity-'))
  try {
    for (const part of parts)
      cpSync(join(root, part), join(scratch, part), {
        recursive: true,
        filter: (source) => !testFile.test(source) && !source.split(/[\\/]/).includes('node_modules'),
      })
    const files = filesUnder(scratch).filter(
      (file) => scannedExtensions.has(extname(file)) || file.endsWith('package.json'),
    )
    const run = loadScanner()
    const raw = await run(
      // Its AvailableSecurityFixesGlobalCheck downloads Electron's release list: not from lint.
      { input: scratch, excludeFromScan: ['availablesecurityfixesglobalcheck'] },
      false,
    )
    const sourceLine = (file: string, line: number): string =>
      file === 'N/A' ? '' : (readFileSync(file, 'utf8').split('\n')[line - 1]?.trim() ?? '')
    const findings = raw.issues.map(
      (issue): Finding => ({
        check: issue.id,
        severity: asSeverity(issue.severity.name),
        confidence: asConfidence(issue.confidence.name),
        file: issue.file === 'N/A' ? 'N/A' : appPath(scratch, issue.file),
        line: issue.location.line,
        column: issue.location.column,
        text: typeof issue.sample === 'string' ? issue.sample : sourceLine(issue.file, issue.location.line),
        description: issue.description,
        url: issue.shortenedURL,
      }),
    )
    const parseErrors = raw.errors.map((error) => ({ ...error, file: appPath(scratch, error.file) }))
    return { files: files.length, findings, parseErrors, inlineDisables: inlineDisables(scratch, files) }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

/** The whole check: scan, judge against the allow-list, and the report to print. */
export async function lint(root: string, allowPath: string): Promise<{ ok: boolean; lines: string[] }> {
  const allowList = loadAllowList(allowPath)
  const result = await scan(root)
  const verdict = judge(result, allowList)
  return { ok: verdict.ok, lines: report(result, verdict, relative(process.cwd(), allowPath) || allowPath) }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { root: { type: 'string' }, allow: { type: 'string' } },
    strict: true,
  })
  const { ok, lines } = await lint(
    resolve(values.root ?? repoRoot),
    resolve(values.allow ?? defaultAllowList),
  )
  for (const line of lines) console.log(line)
  return ok ? 0 : 1
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`Electronegativity: ${error instanceof Error ? error.message : String(error)}`)
      process.exit(2)
    },
  )
}
