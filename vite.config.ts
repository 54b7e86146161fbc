import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/** The patient area's JavaScript budget (gzip), from the issue: quick on an old tablet. */
export const PATIENT_BUDGET_BYTES = 35 * 1024;

/**
 * Reports what a patient's tablet downloads before any instrument data: the entry chunk, the
 * patient chunk, and every chunk they import. The build fails above the budget.
 */
function patientBudget(): Plugin {
  return {
    name: 'kor-patient-budget',
    apply: 'build',
    // After writing: the files as served, with every later rewrite of the chunks in them.
    writeBundle(options, bundle) {
      const dir = options.dir ?? '';
      const chunks = Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [c] : []));
      const byName = new Map(chunks.map((c) => [c.fileName, c]));
      const entry = chunks.find((c) => c.isEntry);
      const patient = chunks.find((c) => c.facadeModuleId?.endsWith('/patient/PatientArea.tsx'));
      if (!entry || !patient) return this.error('patient budget: entry or patient chunk not found');
      const files = new Set<string>();
      const visit = (name: string) => {
        if (files.has(name)) return;
        files.add(name);
        for (const imported of byName.get(name)?.imports ?? []) visit(imported);
      };
      visit(entry.fileName);
      visit(patient.fileName);
      const sizes = [...files].map((name) => ({
        name,
        gzip: gzipSync(readFileSync(path.join(dir, name)), { level: 9 }).length,
      }));
      const total = sizes.reduce((sum, s) => sum + s.gzip, 0);
      const report = {
        budgetBytes: PATIENT_BUDGET_BYTES,
        totalGzipBytes: total,
        files: sizes,
      };
      writeFileSync(path.join(dir, 'patient-bundle.json'), `${JSON.stringify(report, null, 2)}\n`);
      const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;
      this.info(
        `patient area JavaScript: ${kb(total)} gzip of ${kb(PATIENT_BUDGET_BYTES)} budget (${sizes
          .map((s) => `${s.name} ${kb(s.gzip)}`)
          .join(', ')})`,
      );
      if (total > PATIENT_BUDGET_BYTES)
        this.error(
          `patient area JavaScript is ${kb(total)} gzip, over the ${kb(PATIENT_BUDGET_BYTES)} budget`,
        );
    },
  };
}

export default defineConfig({
  root: 'client',
  publicDir: 'public',
  plugins: [patientBudget()],
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
