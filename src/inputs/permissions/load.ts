/**
 * File modes and owners of the files that hold secrets or grant access: `.env` files
 * (not examples), private keys and keystores, daemon.json, authorized_keys, sshd host
 * keys. Under a host root the owner is judged too: `home/<user>/.ssh/*` must belong to that
 * user (from the root's `etc/passwd`), root's and the host keys to root. In a repo only
 * the mode bits count. Links resolve inside the root; never throws.
 */
import type { Stats } from 'node:fs';
import { lstatSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import type { ScanError } from '../../core/finding.ts';
import type { Location } from '../../core/location.ts';
import { RootFs } from '../host/root-fs.ts';
import type { UnitLoader, UnitLoadContext } from '../loader.ts';

/** What a file is, for how strict its mode must be. */
export type SecretFileKind = 'env' | 'private-key' | 'keystore' | 'daemon-json' | 'authorized-keys';

export interface SecretFile {
  path: string;
  what: SecretFileKind;
  /** Permission bits (`st_mode & 0o7777`). */
  mode: number;
  uid: number;
  /** Under a host root: the user who should own it, when that is known. */
  expectedOwner?: { uid: number; name: string };
  /** Line 1 of the file: file-level findings point here. */
  loc: Location;
  keyPath: string;
}

export interface PermissionsModel {
  kind: 'permissions';
  files: SecretFile[];
  /** Owner names from the host's etc/passwd (uid → name), for messages. */
  users: Map<number, string>;
}

const EXAMPLE_ENV = /\.(example|sample|template|dist|defaults?)$|^\.env\.(example|sample|template|dist)/i;
const KEYSTORE = /\.(p12|pfx|jks|keystore)$/i;
/** Markers of private key material in the first bytes of a PEM or OpenSSH key file. */
const PRIVATE_MARKER = /-----BEGIN (?:[A-Z0-9 ]+ )?PRIVATE KEY-----|-----BEGIN OPENSSH PRIVATE KEY-----/;

export const permissionsLoader: UnitLoader = {
  kind: 'permissions',
  load(context) {
    const errors: ScanError[] = [];
    const fs = context.host ? RootFs.of(context.host) : undefined;
    const users = context.host ? readUsers(context) : { byUid: new Map<number, string>(), byName: new Map<string, number>() };
    const files: SecretFile[] = [];
    for (const file of context.files) {
      const what = classify(file.path, file.kind, context);
      if (!what) continue;
      const st = statOf(context, fs, file.path);
      if (!st) continue;
      const entry: SecretFile = {
        path: file.path,
        what,
        mode: st.mode & 0o7777,
        uid: st.uid,
        loc: { path: file.path, line: 1, column: 1 },
        keyPath: '(mode)',
      };
      const owner = context.host ? expectedOwner(file.path, users) : undefined;
      if (owner) entry.expectedOwner = owner;
      files.push(entry);
    }
    if (files.length === 0) return { units: [], errors };
    return { units: [{ model: { kind: 'permissions', files, users: users.byUid } satisfies PermissionsModel, files: [] }], errors };
  },
};

function classify(path: string, kind: string, context: UnitLoadContext): SecretFileKind | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  switch (kind) {
    case 'env':
      return EXAMPLE_ENV.test(name) ? undefined : 'env';
    case 'docker-daemon':
      return 'daemon-json';
    case 'authorized-keys':
      return 'authorized-keys';
    case 'key-material':
      if (KEYSTORE.test(name)) return 'keystore';
      return holdsPrivateKey(context, path) ? 'private-key' : undefined;
    default:
      return undefined;
  }
}

/** Certificates and public keys share the names of private keys (`*.pem`, `*.key`): look at the head. */
function holdsPrivateKey(context: UnitLoadContext, path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(context.store.absolute(path), 'r');
    const head = Buffer.alloc(4096);
    const n = readSync(fd, head, 0, head.length, 0);
    return PRIVATE_MARKER.test(head.subarray(0, n).toString('latin1'));
  } catch {
    return false;
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

interface Users {
  byUid: Map<number, string>;
  byName: Map<string, number>;
}

/** `etc/passwd` of the host root: `name:x:uid:gid:gecos:home:shell`. */
function readUsers(context: UnitLoadContext): Users {
  const byUid = new Map<number, string>();
  const byName = new Map<string, number>();
  const read = context.store.read('etc/passwd');
  if (read.ok) {
    for (const line of read.file.text.split('\n')) {
      const [name, , uid] = line.split(':');
      if (!name || uid === undefined || !/^\d+$/.test(uid)) continue;
      if (!byUid.has(Number(uid))) byUid.set(Number(uid), name);
      byName.set(name, Number(uid));
    }
  }
  return { byUid, byName };
}

/** Who must own a file: the user of `home/<user>/.ssh/…`, root for root's and the host's keys. */
function expectedOwner(path: string, users: Users): { uid: number; name: string } | undefined {
  if (/^root\/\.ssh\//.test(path) || /^etc\/ssh\/ssh_host_/.test(path) || path === 'etc/docker/daemon.json') return { uid: 0, name: 'root' };
  const home = /^home\/([^/]+)\/\.ssh\//.exec(path);
  if (home) {
    const uid = users.byName.get(home[1]!);
    return uid === undefined ? undefined : { uid, name: home[1]! };
  }
  return undefined;
}
