import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// A static build the indexer serves at its root: relative asset paths, so it works under any prefix.
export default defineConfig({
  base: './',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: {
    // `npm run dev -w @hearth/console` against a local indexer API.
    proxy: {
      '/v1': { target: process.env.HEARTH_API ?? 'http://127.0.0.1:8600', ws: true },
      '/devnet.json': process.env.HEARTH_API ?? 'http://127.0.0.1:8600',
    },
  },
})
