/**
 * Line parsers for `/etc/crypttab` (crypttab(5): `name device [keyfile [options]]`) and
 * `/etc/fstab` (fstab(5): `spec file vfstype [options [freq [passno]]]`, octal escapes
 * such as `\040` for a space), with positions. `#` starts a comment line; blank lines are
 * skipped. Never throws: a line with too few fields is a positioned error.
 */
import type { ScanError } from '../../core/finding.ts';
import type { Location } from '../../core/location.ts';

export interface CryptEntry {
  /** Mapping name: the device appears as `/dev/mapper/<name>`. */
  name: string;
  /** Source: `/dev/sdb1`, `UUID=…`, `PARTUUID=…`. */
  device: string;
  keyFile?: string;
  options: string[];
  loc: Location;
}

export interface FstabEntry {
  device: string;
  mountPoint: string;
  type: string;
  options: string[];
  loc: Location;
}

interface Field {
  text: string;
  column: number;
}

function fieldsOf(text: string, path: string, each: (fields: Field[], loc: Location, line: number) => void): void {
  const rows = text.split('\n');
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!.replace(/\r$/, '');
    const trimmed = row.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const fields: Field[] = [];
    const re = /[^ \t]+/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(row)) !== null) {
      if (m[0].startsWith('#')) break;
      fields.push({ text: m[0], column: m.index + 1 });
    }
    const line = i + 1;
    each(fields, { path, line, column: fields[0]!.column, endLine: line, endColumn: row.trimEnd().length + 1 }, line);
  }
}

export function parseCrypttab(text: string, path: string): { entries: CryptEntry[]; errors: ScanError[] } {
  const entries: CryptEntry[] = [];
  const errors: ScanError[] = [];
  fieldsOf(text, path, (fields, loc, line) => {
    if (fields.length < 2) {
      errors.push({ path, line, column: loc.column, reason: 'crypttab entry needs at least a name and a device' });
      return;
    }
    const entry: CryptEntry = { name: fields[0]!.text, device: fields[1]!.text, options: fields[3] ? fields[3].text.split(',') : [], loc };
    if (fields[2] && fields[2].text !== 'none' && fields[2].text !== '-') entry.keyFile = fields[2].text;
    entries.push(entry);
  });
  return { entries, errors };
}

export function parseFstab(text: string, path: string): { entries: FstabEntry[]; errors: ScanError[] } {
  const entries: FstabEntry[] = [];
  const errors: ScanError[] = [];
  fieldsOf(text, path, (fields, loc, line) => {
    if (fields.length < 3) {
      errors.push({ path, line, column: loc.column, reason: 'fstab entry needs a device, a mount point and a type' });
      return;
    }
    entries.push({
      device: unescapeOctal(fields[0]!.text),
      mountPoint: unescapeOctal(fields[1]!.text),
      type: fields[2]!.text,
      options: fields[3] ? fields[3].text.split(',') : ['defaults'],
      loc,
    });
  });
  return { entries, errors };
}

/** fstab's `\040`-style escapes. */
function unescapeOctal(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}
