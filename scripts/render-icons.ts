/**
 * Renders resources/icon.svg into the PNGs the app and electron-builder use, with the Debian Chromium the e2e
 * tests use (no image library needed). Run after editing the SVG, and commit the PNGs:
 *
 *   tsx scripts/render-icons.ts
 *
 * build/icon.png (1024 px): electron-builder makes the macOS .icns and the Windows .ico from it.
 * build/icons/NxN.png: the Linux sizes (AppImage, deb, the desktop entry's icon).
 * resources/icon.png (512 px): the window icon on Linux, where the window does not take it from the executable.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { chromium } from 'playwright-core'

const root = resolve(import.meta.dirname, '..')
const svg = readFileSync(join(root, 'resources/icon.svg'), 'utf8')
const linuxSizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024]
const outputs: { file: string; size: number }[] = [
  { file: 'build/icon.png', size: 1024 },
  { file: 'resources/icon.png', size: 512 },
  ...linuxSizes.map((size) => ({ file: `build/icons/${size}x${size}.png`, size })),
]

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
})
try {
  const page = await browser.newPage()
  for (const { file, size } of outputs) {
    await page.setViewportSize({ width: size, height: size })
    const sized = svg.replace(/width="1024" height="1024"/, `width="${size}" height="${size}"`)
    await page.setContent(`<html><body style="margin:0;background:transparent">${sized}</body></html>`)
    mkdirSync(dirname(join(root, file)), { recursive: true })
    await page.locator('svg').screenshot({ path: join(root, file), omitBackground: true })
    console.log(`${file} (${size}×${size})`)
  }
} finally {
  await browser.close()
}
