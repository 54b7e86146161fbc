import { defineConfig } from 'vite';

export default defineConfig({
  root: 'client',
  publicDir: 'public',
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    // No inline scripts: the Content-Security-Policy allows only 'self'.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: true,
    target: 'es2020',
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
