// Bundles the CLI into dist/ with esbuild. ESM with code splitting so heavy commands
// load their modules only when run; a createRequire banner lets CJS deps use require().
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });

await build({
  entryPoints: { cli: 'src/cli/main.ts', index: 'src/index.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: false,
  minify: false,
  legalComments: 'none',
  banner: { js: "import { createRequire as __bulwarkCreateRequire } from 'node:module'; const require = __bulwarkCreateRequire(import.meta.url);" },
  // ssh2 loads optional native addons (sshcrypto, cpu-features) with require(): it stays a
  // runtime dependency, imported lazily by the probe command only.
  external: ['ssh2'],
  logLevel: 'warning',
});
