/**
 * Source-code hosts. GitHub tokens carry their kind in the prefix (`ghp_` personal,
 * `gho_` OAuth, `ghu_` user-to-server, `ghs_` server-to-server, `ghr_` refresh) followed
 * by 30 random base62 characters and 6 check characters (the CRC32 of the random part,
 * base62); fine-grained personal tokens are `github_pat_` + 22 + `_` + 59 characters.
 * GitLab prefixes its tokens by kind: `glpat-` personal/project/group access, `gldt-`
 * deploy, `glrt-` runner authentication, `glptt-` pipeline trigger, `glft-` feed,
 * `glcbt-` CI build, `GR1348941` runner registration.
 */
import { crc32Base62 } from './checksum.ts';
import type { SecretRule } from './types.ts';
import { isRepetitive } from './types.ts';

export const CODE_HOST_RULES: readonly SecretRule[] = [
  {
    id: 'github-token',
    category: 'code-host-tokens',
    label: 'GitHub token',
    keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    pattern: /(?<![A-Za-z0-9_])(gh[pousr]_[A-Za-z0-9]{36})(?![A-Za-z0-9_])/g,
    judge: (secret) => {
      const body = secret.slice(4, 34);
      if (isRepetitive(body)) return undefined;
      return { verified: crc32Base62(body) === secret.slice(34) };
    },
  },
  {
    id: 'github-fine-grained-token',
    category: 'code-host-tokens',
    label: 'GitHub fine-grained personal access token',
    keywords: ['github_pat_'],
    pattern: /(?<![A-Za-z0-9_])(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})(?![A-Za-z0-9_])/g,
    judge: (secret) => (isRepetitive(secret.slice(11, 33)) ? undefined : {}),
  },
  {
    id: 'gitlab-token',
    category: 'code-host-tokens',
    label: 'GitLab token',
    keywords: ['glpat-', 'gldt-', 'glrt-', 'glptt-', 'glft-', 'glcbt-', 'gr1348941'],
    pattern: /(?<![A-Za-z0-9_-])((?:glpat|gldt|glrt|glptt|glft|glcbt)-[A-Za-z0-9_-]{20,}(?:\.[A-Za-z0-9_.-]+)?|GR1348941[A-Za-z0-9_-]{20,})(?![A-Za-z0-9_-])/g,
    judge: (secret) => {
      const body = secret.slice(secret.indexOf('-') + 1 || 9);
      return isRepetitive(body.slice(0, 20)) ? undefined : {};
    },
  },
];
