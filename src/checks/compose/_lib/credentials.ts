/**
 * Recognising credentials in a Compose file: variable names that hold secrets, values
 * that are literals rather than references, well-known default passwords, and
 * password-bearing arguments inside `command`, `entrypoint` and healthcheck argv.
 */
import type { YNode, YScalar } from '../../../inputs/compose/model.ts';
import { isCredentialName, isLiteralSecretValue, isPasswordName, referenceDefaults } from '../../_shared/credentials.ts';
import { findUrls } from './urls.ts';

// The name and value rules live in checks/_shared (the env checks use them too).
export { isCredentialName, isLiteralSecretValue, isPasswordName, isWeakPassword, messageAvoiding, referenceDefaults, WEAK_PASSWORDS } from '../../_shared/credentials.ts';

/** One word of a command line, with the scalar it was written in. */
export interface CommandWord {
  text: string;
  node: YScalar;
  /** True for `;`, `&&`, `||`, `|`: a new program starts after it. */
  separator?: boolean;
}

/**
 * The words of a command node as written (`raw`), so `${VAR}` stays visible. A string
 * command is split like a shell would; quoted scripts (`sh -c "…"`) are split again.
 */
export function commandWords(node: YNode | undefined): CommandWord[] {
  const out: CommandWord[] = [];
  const scalars: YScalar[] = !node ? [] : node.kind === 'scalar' ? [node] : node.kind === 'seq'
    ? node.items.filter((n): n is YScalar => n.kind === 'scalar')
    : [];
  for (const scalar of scalars) {
    const text = scalar.raw ?? (scalar.value === null ? '' : String(scalar.value));
    for (const w of shellWords(text, 0)) out.push({ text: w, node: scalar, ...(isSeparator(w) ? { separator: true } : {}) });
  }
  return out;
}

function isSeparator(w: string): boolean {
  return w === ';' || w === '&&' || w === '||' || w === '|' || w === '&';
}

function shellWords(text: string, depth: number): string[] {
  const words: string[] = [];
  let cur = '';
  let quote: string | undefined;
  let quotedSpace = false;
  let started = false;
  const flush = (): void => {
    if (!started) return;
    if (quotedSpace && depth < 3) words.push(...shellWords(cur, depth + 1));
    else words.push(cur);
    cur = '';
    started = false;
    quotedSpace = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else {
        if (/\s/.test(c)) quotedSpace = true;
        cur += c;
      }
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      started = true;
      continue;
    }
    if (/\s/.test(c)) {
      flush();
      continue;
    }
    if (c === ';' || c === '|' || c === '&') {
      flush();
      const two = text.slice(i, i + 2);
      if (two === '&&' || two === '||') {
        words.push(two);
        i++;
      } else words.push(c);
      continue;
    }
    cur += c;
    started = true;
  }
  flush();
  return words;
}

/** A credential passed as an argument. */
export interface CommandCredential {
  kind: 'assign' | 'flag' | 'short' | 'url';
  /** What carries it: `--requirepass`, `-a (redis-cli)`, `PGPASSWORD=`, `URL password`. */
  carrier: string;
  /** The credential as written (may be a reference). */
  value: string;
  /** The scalar to report at. */
  node: YScalar;
  /** True for passwords (as opposed to API tokens and keys). */
  password: boolean;
}

const TOOL_SHORT_FLAGS: { tool: RegExp; flag: RegExp; attached: boolean }[] = [
  { tool: /^(redis-cli|valkey-cli|keydb-cli)$/, flag: /^-a$/, attached: false },
  { tool: /^(mysql|mysqladmin|mysqldump|mysqlcheck|mysqlshow|mariadb|mariadb-admin|mariadb-dump|mariadb-check)$/, flag: /^-p(.+)$/, attached: true },
  { tool: /^(mongo|mongosh|mongodump|mongorestore|mongoexport|mongoimport)$/, flag: /^-p$/, attached: false },
];

/** Credentials passed on a command line: flags, `NAME=value` assignments, URL passwords. */
export function commandCredentials(node: YNode | undefined): CommandCredential[] {
  const words = commandWords(node);
  const out: CommandCredential[] = [];
  let tool = '';
  let atProgramStart = true;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w.separator) {
      tool = '';
      atProgramStart = true;
      continue;
    }
    const base = w.text.slice(w.text.lastIndexOf('/') + 1);
    if (atProgramStart && !/^\w+=/.test(w.text) && !['CMD', 'CMD-SHELL', 'sh', 'bash', '-c', 'exec', 'env'].includes(base)) {
      tool = base;
      atProgramStart = false;
    } else if (TOOL_SHORT_FLAGS.some((t) => t.tool.test(base))) {
      tool = base;
    }
    const next = words[i + 1];
    const assign = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(w.text);
    const flagEq = /^--?([A-Za-z][\w.\-]*)=(.*)$/.exec(w.text);
    const flag = /^--([A-Za-z][\w.\-]*)$/.exec(w.text);
    if (assign && isCredentialName(assign[1]!) && assign[2]) {
      out.push({ kind: 'assign', carrier: `${assign[1]}=`, value: assign[2], node: w.node, password: isPasswordName(assign[1]!) });
    } else if (flagEq && isCredentialName(flagEq[1]!) && flagEq[2]) {
      out.push({ kind: 'flag', carrier: `--${flagEq[1]}`, value: flagEq[2], node: w.node, password: isPasswordName(flagEq[1]!) });
    } else if (flag && isCredentialName(flag[1]!) && next && !next.separator && !next.text.startsWith('-')) {
      out.push({ kind: 'flag', carrier: `--${flag[1]}`, value: next.text, node: next.node, password: isPasswordName(flag[1]!) });
      i++;
      continue;
    } else {
      for (const t of TOOL_SHORT_FLAGS) {
        if (!t.tool.test(tool)) continue;
        const m = t.flag.exec(w.text);
        if (!m) continue;
        if (t.attached) out.push({ kind: 'short', carrier: `${w.text.slice(0, 2)} (${tool})`, value: m[1]!, node: w.node, password: true });
        else if (next && !next.separator) {
          out.push({ kind: 'short', carrier: `${w.text} (${tool})`, value: next.text, node: next.node, password: true });
          i++;
        }
      }
    }
    for (const url of findUrls(w.text)) {
      if (url.password) out.push({ kind: 'url', carrier: `${url.scheme}:// URL`, value: url.password, node: w.node, password: true });
    }
  }
  return out;
}

/** Every credential a command node carries (literal values and reference defaults), for masking. */
export function commandSecrets(node: YNode | undefined): string[] {
  return commandCredentials(node).flatMap((c) => (isLiteralSecretValue(c.value) ? [c.value] : referenceDefaults(c.value)));
}
