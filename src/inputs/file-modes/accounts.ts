/**
 * The host's accounts from `etc/passwd` (`name:password:uid:gid:gecos:home:shell`) and
 * `etc/group` (`name:password:gid:member,member`), as passwd(5) and group(5) lay them out:
 * used to name owners and to know whose home a folder is. Lines that do not have the
 * fields are positioned errors; `+`/`-` NIS compat lines are skipped. Never throws.
 */
import type { ScanError } from '../../core/finding.ts';

export interface Account {
  name: string;
  uid: number;
  gid: number;
  /** Home directory as written (absolute on the host). */
  home: string;
}

export interface Group {
  name: string;
  gid: number;
  members: string[];
}

export interface Accounts {
  /** uid → first account with it (the name `ls -l` shows). */
  byUid: Map<number, Account>;
  byName: Map<string, Account>;
  /** Root-relative home folder (`home/alice`) → its account (the first one naming it). */
  byHome: Map<string, Account>;
  groupsByGid: Map<number, Group>;
}

export function emptyAccounts(): Accounts {
  return { byUid: new Map(), byName: new Map(), byHome: new Map(), groupsByGid: new Map() };
}

const ID = /^\d{1,10}$/;

export function parsePasswd(text: string, path: string, into: Accounts = emptyAccounts()): { accounts: Accounts; errors: ScanError[] } {
  const errors: ScanError[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.startsWith('#') || line.startsWith('+') || line.startsWith('-')) return;
    const f = line.split(':');
    if (f.length < 7 || f[0] === '' || !ID.test(f[2]!) || !ID.test(f[3]!)) {
      errors.push({ path, line: i + 1, column: 1, reason: 'not a passwd entry (name:password:uid:gid:gecos:home:shell)' });
      return;
    }
    const account: Account = { name: f[0]!, uid: Number(f[2]), gid: Number(f[3]), home: f[5]! };
    if (!into.byUid.has(account.uid)) into.byUid.set(account.uid, account);
    if (!into.byName.has(account.name)) into.byName.set(account.name, account);
    const home = account.home.replace(/^\/+/, '').replace(/\/+$/, '');
    if (home !== '' && !into.byHome.has(home)) into.byHome.set(home, account);
  });
  return { accounts: into, errors };
}

export function parseGroup(text: string, path: string, into: Accounts = emptyAccounts()): { accounts: Accounts; errors: ScanError[] } {
  const errors: ScanError[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.startsWith('#') || line.startsWith('+') || line.startsWith('-')) return;
    const f = line.split(':');
    if (f.length < 4 || f[0] === '' || !ID.test(f[2]!)) {
      errors.push({ path, line: i + 1, column: 1, reason: 'not a group entry (name:password:gid:members)' });
      return;
    }
    const gid = Number(f[2]);
    const members = f[3]!.split(',').map((m) => m.trim()).filter((m) => m !== '');
    if (!into.groupsByGid.has(gid)) into.groupsByGid.set(gid, { name: f[0]!, gid, members });
  });
  return { accounts: into, errors };
}

/**
 * True when only the file's owner is in its group: a user-private group (Debian's
 * USERGROUPS), whose group bits give nobody else access. Unknown groups are not private.
 */
export function isPrivateGroup(accounts: Accounts, uid: number, gid: number): boolean {
  const owner = accounts.byUid.get(uid);
  const group = accounts.groupsByGid.get(gid);
  if (!owner || !group || owner.gid !== gid) return false;
  if (group.members.some((m) => m !== owner.name)) return false;
  // Another account whose primary group it is also has the group's access.
  for (const account of accounts.byName.values()) if (account.gid === gid && account.name !== owner.name) return false;
  return true;
}
