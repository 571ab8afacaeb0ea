/**
 * The terminal's colour schemes. The app's own chrome stays dark; only the terminal changes, so a light scheme
 * serves a bright server room or a projector without redrawing the whole UI.
 */
import type { ITheme } from '@xterm/xterm'
import type { ColourScheme, Settings } from '../../shared/api'

export const schemeNames: Record<ColourScheme, string> = {
  dark: 'Dark',
  light: 'Light',
  'high-contrast': 'High contrast',
}

export const themes: Record<ColourScheme, ITheme> = {
  dark: {
    background: '#0d1117',
    foreground: '#d3dbe4',
    cursor: '#7fd1bd',
    cursorAccent: '#0d1117',
    selectionBackground: '#2d4a5a',
    black: '#1b222c',
    red: '#e06c75',
    green: '#8cc98a',
    yellow: '#e5c07b',
    blue: '#6fa8dc',
    magenta: '#c49bd8',
    cyan: '#6cc5c5',
    white: '#c8d1da',
    brightBlack: '#5c6773',
    brightRed: '#ff8b93',
    brightGreen: '#a9e0a6',
    brightYellow: '#f2d399',
    brightBlue: '#92c1ef',
    brightMagenta: '#dab6ea',
    brightCyan: '#8fdede',
    brightWhite: '#f1f5f9',
  },
  // Colours dark enough to read on white (yellow and cyan especially, which lunash uses for warnings).
  light: {
    background: '#fbfbf8',
    foreground: '#1f2328',
    cursor: '#0a6a5a',
    cursorAccent: '#fbfbf8',
    selectionBackground: '#b6d7e8',
    black: '#1f2328',
    red: '#b3261e',
    green: '#1a7f37',
    yellow: '#845d00',
    blue: '#0b5cad',
    magenta: '#8250df',
    cyan: '#0b6e74',
    white: '#6e7781',
    brightBlack: '#57606a',
    brightRed: '#cf222e',
    brightGreen: '#2a8c45',
    brightYellow: '#9a6700',
    brightBlue: '#0969da',
    brightMagenta: '#a475f9',
    brightCyan: '#1b7c83',
    brightWhite: '#8c959f',
  },
  'high-contrast': {
    background: '#000000',
    foreground: '#ffffff',
    cursor: '#ffff00',
    cursorAccent: '#000000',
    selectionBackground: '#0050a0',
    black: '#000000',
    red: '#ff6060',
    green: '#60ff60',
    yellow: '#ffff40',
    blue: '#80b0ff',
    magenta: '#ff80ff',
    cyan: '#60ffff',
    white: '#ffffff',
    brightBlack: '#a0a0a0',
    brightRed: '#ff9090',
    brightGreen: '#90ff90',
    brightYellow: '#ffff90',
    brightBlue: '#b0d0ff',
    brightMagenta: '#ffb0ff',
    brightCyan: '#b0ffff',
    brightWhite: '#ffffff',
  },
}

/** What the find box highlights: every match, and the one selected more strongly. */
export const findDecorations = {
  matchBackground: '#6b5a1e',
  matchOverviewRuler: '#e5c07b',
  activeMatchBackground: '#c98a1a',
  activeMatchColorOverviewRuler: '#ffb000',
}

/** The terminal options the settings decide. */
export function terminalOptions(settings: Settings) {
  return {
    fontFamily: settings.fontFamily,
    fontSize: settings.fontSize,
    scrollback: settings.scrollback,
    theme: themes[settings.colourScheme],
    screenReaderMode: settings.screenReaderMode,
  }
}
