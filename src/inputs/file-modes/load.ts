/**
 * File modes and owners of the files that hold secrets or grant access: `.env` files (not
 * examples or templates), private keys and keystores (told from certificates and public
 * keys by their first bytes), daemon.json, authorized_keys, sshd host keys. Each is
 * looked at without following a final link out of the root: mode bits, uid, gid. Under a
 * host root the owner is judged too, with names from the root's `etc/passwd` and
 * `etc/group`: a file under a user's home belongs to that user (root's, the host keys and
 * daemon.json to root). In a repository only the mode bits count. Never throws.
 */
import type { Stats } from 'node:fs';
import { closeSync, lstatSync, openSync, readSync, statSync } from 'node:fs';
import type { ScanError } from '../../core/finding.ts';
import type { Location } from '../../core/location.ts';
import { isDockersDaemonJson } from '../docker-daemon/load.ts';
import { RootFs } from '../host/root-fs.ts';
import type { UnitLoader, UnitLoadContext } from '../loader.ts';
import { emptyAccounts, isPrivateGroup, parseGroup, parsePasswd } from './accounts.ts';
import type { Accounts } from './accounts.ts';

/** What a file is, for how strict its mode must be. */
export type SecretFileKind = 'env' | 'private-key' | 'keystore' | 'daemon-json' | 'authorized-keys';

/** Who must own a file under a host root, and why. */
export interface ExpectedOwner {
  uid: number;
  name: string;
  /** `host`: host keys and daemon.json; `root`: root's home; `home`: a user's home. */
  role: 'host' | 'root' | 'home';
  /** Owned by root is fine too (sshd accepts a root-owned authorized_keys; admins pin keys that way). */
  rootAccepted: boolean;
  /** The file is in the user's `~/.ssh`. */
  inSsh: boolean;
}

export interface SecretFile {
  path: string;
  what: SecretFileKind;
  /** An OpenSSH private key: a host key (`etc/ssh/ssh_host_*_key`) or a user's (`~/.ssh/id_*`, OpenSSH key format). */
  sshKey?: 'host' | 'user';
  /** Permission bits (`st_mode & 0o7777`). */
  mode: number;
  uid: number;
  gid: number;
  /** Owner and group names from the host's etc/passwd and etc/group, when known. */
  ownerName?: string;
  groupName?: string;
  /** Only the owner is in the file's group (a user-private group): group bits open it to nobody else. */
  privateGroup: boolean;
  /** Under a host root: who should own it, when that is known. */
  expectedOwner?: ExpectedOwner;
  /** Line 1 of the file: file-level findings point here. */
  loc: Location;
  keyPath: string;
}

export interface FileModesModel {
  kind: 'file-modes';
  files: SecretFile[];
  /** Scanned with --host-root: owners are judged. */
  hostMode: boolean;
}

/** `.env.example`, `.env.sample`, `.env.template`, `.env.dist`, `prod.env.example`, …: templates, not secrets. */
const EXAMPLE_ENV = /\.(?:example|sample|template|tmpl|dist|defaults?)$|^\.env\.(?:example|sample|template|tmpl|dist)(?:\.|$)/i;
const KEYSTORE = /\.(?:p12|pfx|jks|keystore)$/i;
/** Markers of private key material in the first bytes: PEM (PKCS#1/#8, EC, encrypted), OpenSSH, PGP, PuTTY. */
const PRIVATE_MARKER = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|^PuTTY-User-Key-File-\d+:/m;
const OPENSSH_MARKER = '-----BEGIN OPENSSH PRIVATE KEY-----';
const HOST_KEY = /^etc\/ssh\/ssh_host_[^/]*_key$/;
const USER_SSH_KEY = /(?:^|\/)\.ssh\/id_[^/]*$/;

export const fileModesLoader: UnitLoader = {
  kind: 'file-modes',
  load(context) {
    const errors: ScanError[] = [];
    const fs = context.host ? RootFs.of(context.host) : undefined;
    const accounts = fs ? readAccounts(context, fs, errors) : emptyAccounts();
    const files: SecretFile[] = [];
    for (const file of context.files) {
      const classified = classify(file.path, file.kind, context);
      if (!classified) continue;
      const st = statOf(context, fs, file.path);
      if (!st) continue;
      const owner = accounts.byUid.get(st.uid)?.name ?? (st.uid === 0 ? 'root' : undefined);
      const group = accounts.groupsByGid.get(st.gid)?.name ?? (st.gid === 0 ? 'root' : undefined);
      const entry: SecretFile = {
        path: file.path,
        what: classified.what,
        ...(classified.sshKey ? { sshKey: classified.sshKey } : {}),
        mode: st.mode & 0o7777,
        uid: st.uid,
        gid: st.gid,
        ...(owner !== undefined ? { ownerName: owner } : {}),
        ...(group !== undefined ? { groupName: group } : {}),
        privateGroup: isPrivateGroup(accounts, st.uid, st.gid),
        loc: { path: file.path, line: 1, column: 1 },
        keyPath: '(mode)',
      };
      const expected = fs ? expectedOwner(file.path, classified.what, accounts) : undefined;
      if (expected) entry.expectedOwner = expected;
      files.push(entry);
    }
    if (files.length === 0) return { units: [], errors };
    return { units: [{ model: { kind: 'file-modes', files, hostMode: fs !== undefined } satisfies FileModesModel, files: [] }], errors };
  },
};

function classify(path: string, kind: string, context: UnitLoadContext): { what: SecretFileKind; sshKey?: 'host' | 'user' } | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  switch (kind) {
    case 'env':
      return EXAMPLE_ENV.test(name) ? undefined : { what: 'env' };
    case 'docker-daemon': {
      const read = context.store.read(path);
      return read.ok && isDockersDaemonJson(path, read.file.text) ? { what: 'daemon-json' } : undefined;
    }
    case 'authorized-keys':
      return { what: 'authorized-keys' };
    case 'key-material': {
      if (KEYSTORE.test(name)) return { what: 'keystore' };
      const byName = HOST_KEY.test(path) ? 'host' : USER_SSH_KEY.test(path) ? 'user' : undefined;
      const head = headOf(context, path);
      // A key this scan may not read (a live host scanned without root) is judged by its
      // conventional name; a readable one by its content (a `.pem` may be a certificate).
      if (head === undefined) return byName ? { what: 'private-key', sshKey: byName } : undefined;
      if (!PRIVATE_MARKER.test(head)) return undefined;
      const sshKey = byName ?? (head.includes(OPENSSH_MARKER) ? 'user' : undefined);
      return sshKey ? { what: 'private-key', sshKey } : { what: 'private-key' };
    }
    default:
      return undefined;
  }
}

/** The first 4 KiB, enough for any key header (certificates and public keys share names like `*.pem`). */
function headOf(context: UnitLoadContext, path: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(context.store.absolute(path), 'r');
    const head = Buffer.alloc(4096);
    const n = readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, n).toString('latin1');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function statOf(context: UnitLoadContext, fs: RootFs | undefined, path: string): Stats | undefined {
  try {
    if (fs) {
      const found = fs.lookup(path);
      return found.state === 'present' ? found.stats : undefined;
    }
    const st = lstatSync(context.store.absolute(path));
    return st.isSymbolicLink() ? statSync(context.store.absolute(path)) : st;
  } catch {
    return undefined;
  }
}

/** The root's etc/passwd and etc/group; absent files name nobody, unreadable ones are errors. */
function readAccounts(context: UnitLoadContext, fs: RootFs, errors: ScanError[]): Accounts {
  const accounts = emptyAccounts();
  for (const [path, parse] of [
    ['etc/passwd', parsePasswd],
    ['etc/group', parseGroup],
  ] as const) {
    if (fs.lookup(path).state === 'absent') continue;
    const read = context.store.read(path);
    if (!read.ok) {
      errors.push({ path, reason: `${read.reason}; owners are not judged by name` });
      continue;
    }
    errors.push(...parse(read.file.text, path, accounts).errors);
  }
  return accounts;
}

/**
 * Who must own a file: root for the host keys, daemon.json and everything in root's home;
 * the user whose home (from etc/passwd) holds it otherwise. Files elsewhere (`/opt`, `/srv`)
 * belong to a service account Bulwark cannot name, so their owner is not judged.
 */
export function expectedOwner(path: string, what: SecretFileKind, accounts: Accounts): ExpectedOwner | undefined {
  const inSsh = /(?:^|\/)\.ssh\//.test(path);
  if (HOST_KEY.test(path) || path === 'etc/docker/daemon.json') return { uid: 0, name: 'root', role: 'host', rootAccepted: true, inSsh: false };
  if (path.startsWith('root/')) return { uid: 0, name: 'root', role: 'root', rootAccepted: true, inSsh };
  const home = /^(home\/[^/]+)\//.exec(path)?.[1];
  if (!home) return undefined;
  const account = accounts.byHome.get(home);
  if (!account || account.uid === 0) return undefined;
  // In ~/.ssh only authorized_keys may be root's (sshd accepts it; admins pin keys that way);
  // elsewhere in a home, root-owned files are the admin's deploy, not a risk.
  return { uid: account.uid, name: account.name, role: 'home', rootAccepted: !inSsh || what === 'authorized-keys', inSsh };
}
