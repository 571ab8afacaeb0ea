import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

const root = import.meta.dirname

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        // Every Node entry is built, so nothing at run time needs tsx or TypeScript sources: the app, the CLI
        // (bin/rackside.mjs), the browser host (npm run start:web), the simulator and its vtl. Packages in
        // "dependencies" stay external and come from node_modules.
        input: {
          index: resolve(root, 'electron/main.ts'),
          cli: resolve(root, 'electron/cli-entry.ts'),
          web: resolve(root, 'electron/web/main.ts'),
          simulator: resolve(root, 'simulator/bin/simulator-main.ts'),
          vtl: resolve(root, 'simulator/bin/vtl-main.ts'),
        },
        // Flat: shared chunks sit beside the entries, so paths a module finds from import.meta.dirname (the
        // renderer, package.json, vtl.js) are the same whichever entry loaded it.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can only require 'electron': bundle everything and emit CommonJS.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rollupOptions: { input: { index: resolve(root, 'renderer/index.html') } },
    },
  },
})
