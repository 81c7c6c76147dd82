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
  // CommonJS dependencies bundled into ESM still expect require(), __filename and __dirname.
  banner: {
    js: [
      "import { createRequire as __bulwarkCreateRequire } from 'node:module';",
      "import { fileURLToPath as __bulwarkFileURLToPath } from 'node:url';",
      'const require = __bulwarkCreateRequire(import.meta.url);',
      'const __filename = __bulwarkFileURLToPath(import.meta.url);',
      "const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));",
    ].join(' '),
  },
  // ssh2 is bundled (one file loads much faster than its ~40 CommonJS modules); its optional
  // native addons stay outside, and ssh2 falls back to pure JS when they are absent.
  external: ['*.node', 'cpu-features'],
  logLevel: 'warning',
});
