// @ts-check
import { builtinModules } from 'node:module'
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

const nodeBuiltins = builtinModules
  .filter((m) => !m.startsWith('_'))
  .flatMap((m) => [m, `node:${m}`, `${m}/*`])

/** The rooms of DESIGN.md: what each top-level folder may import. */
const rooms = {
  renderer: {
    paths: ['electron', ...nodeBuiltins].map((name) => ({
      name,
      message: 'renderer/ is browser-only: no Node, no electron.',
    })),
    patterns: [
      {
        group: ['**/electron/**', '**/simulator/**'],
        message: 'renderer/ talks to the host only through window.rackside.',
      },
      {
        group: ['ssh2', 'serialport', 'node-pty', '@napi-rs/keyring', 'ws', 'node-forge'],
        message: 'Node-only packages belong to electron/.',
      },
    ],
  },
  shared: {
    paths: ['electron', ...nodeBuiltins].map((name) => ({
      name,
      message: 'shared/ is pure TypeScript: no platform imports.',
    })),
    patterns: [
      {
        group: ['**/electron/**', '**/renderer/**', '**/simulator/**'],
        message: 'shared/ imports nothing from other rooms.',
      },
      {
        group: [
          'react',
          'react-dom',
          'react/*',
          '@xterm/*',
          'ssh2',
          'serialport',
          'node-pty',
          '@napi-rs/keyring',
          'ws',
          'node-forge',
        ],
        message: 'shared/ imports no platform library.',
      },
    ],
  },
  simulator: {
    paths: [{ name: 'electron', message: 'The simulator is an independent program.' }],
    patterns: [
      {
        group: ['**/electron/**', '**/renderer/**', '**/shared/**'],
        message: 'The simulator never imports app code, or the tests prove nothing.',
      },
    ],
  },
  electron: {
    paths: [
      { name: 'electron', message: 'Only electron/main.ts and electron/preload.ts may import electron.' },
    ],
    patterns: [{ group: ['**/renderer/**'], message: 'electron/ does not import the renderer.' }],
  },
}

/**
 * The rooms inside electron/ (each adds to the electron room's rule, which a later block would otherwise replace):
 * the runner engine sees only its own modules (its channel among them) and shared/; sessions never import the
 * runner; the client side sees sessions only through their public face, electron/sessions/index.ts.
 */
const electronRooms = {
  runnerEngine: {
    paths: rooms.electron.paths,
    patterns: [
      ...rooms.electron.patterns,
      {
        regex: '^(?!\\./(?!service(/|$))|\\.\\./\\.\\./shared/)',
        message:
          'The runner engine sees only its own modules (its channel, not its service) and shared/: it drives a Channel, whatever the session behind it.',
      },
    ],
  },
  sessions: {
    paths: rooms.electron.paths,
    patterns: [
      ...rooms.electron.patterns,
      {
        regex: '(^|/)runner(/|$)',
        message:
          'electron/sessions never imports the runner: declare what a console needs of it here instead.',
      },
    ],
  },
  client: {
    paths: rooms.electron.paths,
    patterns: [
      ...rooms.electron.patterns,
      {
        regex: '(^|/)sessions/(?!index$).+',
        message: "electron/client sees sessions only through their public face: import from '.../sessions'.",
      },
    ],
  },
}

export default tseslint.config(
  // dist/ is electron-builder's output (a copy of out/); build/, its resources, is linted like any folder.
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', rooms.renderer],
    },
  },
  // Playwright fixtures are declared by destructuring, `{}` when a test needs none.
  { files: ['e2e/**/*.ts'], rules: { 'no-empty-pattern': 'off' } },
  { files: ['shared/**/*.ts'], rules: { 'no-restricted-imports': ['error', rooms.shared] } },
  { files: ['simulator/**/*.ts'], rules: { 'no-restricted-imports': ['error', rooms.simulator] } },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main.ts', 'electron/preload.ts'],
    rules: { 'no-restricted-imports': ['error', rooms.electron] },
  },
  {
    files: ['electron/runner/*.ts'],
    ignores: ['electron/runner/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', electronRooms.runnerEngine] },
  },
  {
    files: ['electron/sessions/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', electronRooms.sessions] },
  },
  { files: ['electron/client/**/*.ts'], rules: { 'no-restricted-imports': ['error', electronRooms.client] } },
  {
    files: ['electron/main.ts', 'electron/preload.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: rooms.electron.patterns }] },
  },
)
