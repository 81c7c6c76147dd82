/**
 * Package-registry tokens: whoever has one publishes a release of your package (a
 * supply-chain attack on every user).
 * - npm: granular and automation tokens `npm_` + 30 random + 6 CRC32 check characters;
 *   `.npmrc` lines `//registry/:_authToken=<token>` (legacy tokens are UUIDs) and `_auth=`.
 * - PyPI: API tokens are macaroons `pypi-` + base64 that starts with the encoded
 *   location `pypi.org` (`AgEIcHlwaS5vcmc`), or `test.pypi.org` for TestPyPI.
 * - RubyGems `rubygems_` + 48 hex; Docker Hub personal access tokens `dckr_pat_`.
 */
import { crc32Base62 } from './checksum.ts';
import type { SecretRule } from './types.ts';
import { distinctChars, isRepetitive } from './types.ts';

export const PACKAGE_REGISTRY_RULES: readonly SecretRule[] = [
  {
    id: 'npm-token',
    category: 'package-registry-tokens',
    label: 'npm access token',
    keywords: ['npm_'],
    pattern: /(?<![A-Za-z0-9_])(npm_[A-Za-z0-9]{36})(?![A-Za-z0-9_])/g,
    judge: (secret) => {
      const body = secret.slice(4, 34);
      if (isRepetitive(body) || distinctChars(body) < 10) return undefined;
      return { verified: crc32Base62(body) === secret.slice(34) };
    },
  },
  {
    id: 'npmrc-auth-token',
    category: 'package-registry-tokens',
    label: 'npm registry auth token (.npmrc)',
    keywords: ['_authtoken', '_auth='],
    pattern: /:_(?:authToken|auth)\s*=\s*["']?([^\s"'$]{16,})/g,
    judge: (secret) => (secret.startsWith('npm_') || secret.startsWith('${') || distinctChars(secret) < 10 ? undefined : {}),
  },
  {
    id: 'pypi-token',
    category: 'package-registry-tokens',
    label: 'PyPI API token',
    keywords: ['pypi-ageichlwas5vcmc', 'pypi-agendgvzdc5wexbplm9yzw'],
    pattern: /(?<![A-Za-z0-9_-])(pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,})(?![A-Za-z0-9_-])/g,
    judge: (secret, match) => (distinctChars(secret.slice(20)) >= 14 ? { mode: match[1]!.includes('AgENdGVzdC5weXBp') ? 'test' : 'live' } : undefined),
  },
  {
    id: 'rubygems-api-key',
    category: 'package-registry-tokens',
    label: 'RubyGems API key',
    keywords: ['rubygems_'],
    pattern: /(?<![A-Za-z0-9_])(rubygems_[0-9a-f]{48})(?![A-Za-z0-9_])/g,
    judge: (secret) => (distinctChars(secret.slice(9)) >= 10 ? {} : undefined),
  },
  {
    id: 'docker-hub-token',
    category: 'package-registry-tokens',
    label: 'Docker Hub personal access token',
    keywords: ['dckr_pat_'],
    pattern: /(?<![A-Za-z0-9_])(dckr_pat_[A-Za-z0-9_-]{27,})(?![A-Za-z0-9_-])/g,
    judge: (secret) => (distinctChars(secret.slice(9)) >= 12 ? {} : undefined),
  },
];
