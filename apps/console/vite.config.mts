import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** The console's budget for the JavaScript a first visit loads (issue 13): the entry chunk and its static imports. */
export const INITIAL_JS_BUDGET_GZIP_BYTES = 250 * 1024;
const outDir = join(import.meta.dirname, '../../dist/apps/console');

/** Fails the build when the initial JavaScript, gzipped, is over budget; writes the figure to bundle-size.json. */
function initialJsBudget(): Plugin {
  return {
    name: 'wco-initial-js-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = new Map(Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [[c.fileName, c] as const] : [])));
      const initial = new Set<string>();
      const visit = (name: string): void => {
        const chunk = chunks.get(name);
        if (!chunk || initial.has(name)) return;
        initial.add(name);
        chunk.imports.forEach(visit);
      };
      for (const chunk of chunks.values()) if (chunk.isEntry) visit(chunk.fileName);
      const files = [...initial].map((name) => ({ name, gzipBytes: gzipSync(chunks.get(name)?.code ?? '', { level: 9 }).length }));
      const total = files.reduce((sum, f) => sum + f.gzipBytes, 0);
      const lazy = [...chunks.keys()].filter((n) => !initial.has(n)).length;
      this.emitFile({
        type: 'asset',
        fileName: 'bundle-size.json',
        source: JSON.stringify(
          { initialJsGzipBytes: total, budgetGzipBytes: INITIAL_JS_BUDGET_GZIP_BYTES, files, lazyChunks: lazy },
          null,
          2,
        ),
      });
      this.info(
        `initial JavaScript ${(total / 1024).toFixed(1)} KB gzipped (budget ${INITIAL_JS_BUDGET_GZIP_BYTES / 1024} KB), ${lazy} lazy chunks`,
      );
      if (total > INITIAL_JS_BUDGET_GZIP_BYTES) {
        this.error(`initial JavaScript is ${total} bytes gzipped, over the budget of ${INITIAL_JS_BUDGET_GZIP_BYTES}`);
      }
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react(), initialJsBudget()],
  build: { outDir, emptyOutDir: true, sourcemap: false, target: 'es2022', modulePreload: { polyfill: false } },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/auth': 'http://127.0.0.1:3000', '/docs': 'http://127.0.0.1:3000' } },
});
