/**
 * Just enough of a POSIX shell reader to audit backup jobs: it splits a cron command or a
 * script into simple commands (quotes, escapes, comments, line continuations, here-documents,
 * `$(…)` and backticks, `|`/`&&`/`||`/`;`), looks through the usual wrappers (`sudo`,
 * `env`, `nice`, `timeout`, `flock`, `su -c`, `sh -c`, `docker exec`, `docker compose exec`,
 * `kubectl exec`), and reports the database dump and backup tools it runs, whether their
 * output goes into a pipe without `pipefail`, and the scripts it calls. It is a reader, not
 * an interpreter: functions, loops and variables are not followed. Never throws.
 */
import type { Location } from '../../core/location.ts';

/** Tools that write a database dump to stdout or a file. */
export const DUMP_TOOLS = new Set([
  'pg_dump', 'pg_dumpall', 'pg_basebackup', 'mysqldump', 'mariadb-dump', 'mysqlpump', 'mariadb-backup', 'mariabackup',
  'xtrabackup', 'mongodump',
]);
/** Backup programs that may carry a database (or its dump) off the host. */
export const BACKUP_TOOLS = new Set([
  'restic', 'borg', 'borgmatic', 'pgbackrest', 'wal-g', 'wal-e', 'barman', 'barman-cloud-backup', 'autopostgresqlbackup',
  'automysqlbackup', 'kopia', 'duplicity',
]);

export interface DumpUse {
  /** The tool as named: `pg_dump`, `redis-cli`. */
  tool: string;
  category: 'dump' | 'backup';
  /** Where the tool's name is. */
  loc: Location;
  /** Its output goes into a pipe (`pg_dump … | gzip`), here or around a wrapper (`docker exec db pg_dump … | gzip`). */
  piped: boolean;
  /** Every pipe it flows through runs under `pipefail` (or the script checks `PIPESTATUS`). */
  guarded: boolean;
}

/** A script the command runs (`/usr/local/bin/backup.sh`, `bash /opt/x.sh`, `. /etc/y`), as a path on the host. */
export interface ScriptCall {
  target: string;
  loc: Location;
}

export interface ShellFacts {
  dumps: DumpUse[];
  calls: ScriptCall[];
}

interface Pos {
  line: number;
  column: number;
}

interface Word {
  type: 'word';
  /** Value with quotes removed (variables left as written). */
  text: string;
  /** True when any part was quoted. */
  quoted: boolean;
  pos: Pos;
  /** For a word that is one quoted string: its content and where the content starts. */
  inner?: { text: string; pos: Pos };
}

interface Op {
  type: 'op';
  op: string;
  pos: Pos;
}

type Token = Word | Op;

/** Analyse a whole script file. */
export function analyzeScript(text: string, path: string): ShellFacts {
  const tokens = lex(text, { line: 1, column: 1 });
  const usesPipestatus = /\bPIPESTATUS\b/.test(text);
  return analyzeTokens(tokens, path, { pipefail: false, usesPipestatus, cwd: undefined, depth: 0 });
}

/** Analyse one command line (a crontab command, an `ExecStart=`), placed at `at`. */
export function analyzeCommand(command: string, at: Location): ShellFacts {
  const tokens = lex(command, { line: at.line, column: at.column });
  return analyzeTokens(tokens, at.path, { pipefail: false, usesPipestatus: /\bPIPESTATUS\b/.test(command), cwd: undefined, depth: 0 });
}

interface State {
  pipefail: boolean;
  usesPipestatus: boolean;
  cwd: string | undefined;
  depth: number;
}

const MAX_NESTING = 4;

function analyzeTokens(tokens: Token[], path: string, state: State): ShellFacts {
  const facts: ShellFacts = { dumps: [], calls: [] };
  let words: Word[] = [];
  const flush = (nextOp: string | undefined): void => {
    if (words.length > 0) analyzeSimple(words, path, state, nextOp === '|' || nextOp === '|&', facts);
    words = [];
  };
  for (const tok of tokens) {
    if (tok.type === 'word') words.push(tok);
    else flush(tok.op);
  }
  flush(undefined);
  return facts;
}

const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', 'time', 'exec', 'command', 'builtin', 'nohup', 'case', 'esac', 'in', '{', '}']);
const SIMPLE_WRAPPERS = new Set(['nice', 'ionice', 'chronic', 'setsid', 'stdbuf', 'nocache', 'systemd-cat', 'cronic', 'run-one', 'caffeinate', 'xargs']);
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh']);
const CONTAINER_CLIS = new Set(['docker', 'podman', 'nerdctl', 'kubectl', 'lxc', 'incus', 'docker-compose', 'podman-compose']);
/** Options of sudo that take an argument. */
const SUDO_ARGS = new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-T']);

function analyzeSimple(all: Word[], path: string, state: State, pipedOut: boolean, facts: ShellFacts): void {
  let k = 0;
  const words = all;
  const at = (w: Word): Location => ({ path, line: w.pos.line, column: w.pos.column, endLine: w.pos.line, endColumn: w.pos.column + w.text.length });
  const skipOptions = (withArgs: ReadonlySet<string> = new Set()): void => {
    while (k < words.length && words[k]!.text.startsWith('-')) {
      if (words[k]!.text === '--') {
        k++;
        return;
      }
      k += withArgs.has(words[k]!.text) ? 2 : 1;
    }
  };
  const nested = (w: Word | undefined, pipefail: boolean): void => {
    if (!w || state.depth >= MAX_NESTING) return;
    const src = w.inner ?? { text: w.text, pos: w.pos };
    const inner = analyzeTokens(lex(src.text, src.pos), path, { pipefail, usesPipestatus: state.usesPipestatus || /\bPIPESTATUS\b/.test(src.text), cwd: state.cwd, depth: state.depth + 1 });
    for (const d of inner.dumps) {
      facts.dumps.push({ ...d, piped: d.piped || pipedOut, guarded: d.guarded && (!pipedOut || state.pipefail || state.usesPipestatus) });
    }
    facts.calls.push(...inner.calls);
  };
  const dump = (w: Word): void => {
    const tool = baseName(w.text);
    const category = DUMP_TOOLS.has(tool) || tool === 'redis-cli' || tool === 'sqlite3' ? 'dump' : 'backup';
    facts.dumps.push({ tool, category, loc: at(w), piped: pipedOut, guarded: !pipedOut || state.pipefail || state.usesPipestatus });
  };

  while (k < words.length) {
    const w = words[k]!;
    const name = baseName(w.text);
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w.text) && !w.text.startsWith('=')) {
      k++;
      continue;
    }
    if (RESERVED.has(w.text) && !w.quoted) {
      k++;
      continue;
    }
    if (name === 'sudo' || name === 'doas') {
      k++;
      skipOptions(SUDO_ARGS);
      continue;
    }
    if (name === 'env') {
      k++;
      skipOptions(new Set(['-u', '-C', '-S']));
      continue;
    }
    if (SIMPLE_WRAPPERS.has(name)) {
      k++;
      skipOptions(new Set(['-n', '-c', '-o', '-e', '-i', '-t', '-I', '-P', '-L', '-d']));
      continue;
    }
    if (name === 'timeout') {
      k++;
      skipOptions(new Set(['-s', '-k', '--signal', '--kill-after']));
      k++; // the duration
      continue;
    }
    if (name === 'flock' || name === 'lckdo' || name === 'with-lock-ex') {
      k++;
      const c = words.findIndex((x, i) => i >= k && (x.text === '-c' || x.text === '--command'));
      if (c !== -1) return nested(words[c + 1], false);
      skipOptions(new Set(['-w', '-E', '--timeout', '--conflict-exit-code']));
      k++; // the lock file
      continue;
    }
    if (name === 'su' || name === 'runuser') {
      const c = words.findIndex((x, i) => i > k && (x.text === '-c' || x.text === '--command'));
      if (c !== -1) return nested(words[c + 1], false);
      k++;
      skipOptions(new Set(['-u', '-g', '-G', '-s', '--user', '--group', '--shell']));
      continue;
    }
    if (SHELLS.has(name)) {
      k++;
      let pipefail = false;
      let command: Word | undefined;
      while (k < words.length && /^[-+]/.test(words[k]!.text)) {
        const opt = words[k]!.text;
        if (/^-[A-Za-z]*o$/.test(opt) && words[k + 1]?.text === 'pipefail') {
          pipefail = true;
          k += 2;
          continue;
        }
        if (/^-[A-Za-z]*c[A-Za-z]*$/.test(opt)) {
          command = words[k + 1];
          k = words.length;
          break;
        }
        k++;
      }
      if (command) return nested(command, pipefail);
      const script = words[k];
      if (script) facts.calls.push({ target: resolveCall(script.text, state.cwd), loc: at(script) });
      return;
    }
    if (name === '.' || name === 'source') {
      const script = words[k + 1];
      if (script && !script.text.includes('$')) facts.calls.push({ target: resolveCall(script.text, state.cwd), loc: at(script) });
      return;
    }
    if (CONTAINER_CLIS.has(name)) {
      // `docker compose exec -T db pg_dump …`, `docker exec db sh -c '…'`, `kubectl exec pod -- pg_dump …`
      for (let i = k + 1; i < words.length; i++) {
        const x = words[i]!;
        const base = baseName(x.text);
        if (isDumpWord(x, words.slice(i + 1))) {
          dump(x);
          return;
        }
        if (SHELLS.has(base) && words[i + 1] && /^-[A-Za-z]*c$/.test(words[i + 1]!.text)) return nested(words[i + 2], false);
      }
      return;
    }
    if (name === 'set' && !w.quoted) {
      for (let i = k + 1; i < words.length; i++) {
        const opt = words[i]!.text;
        if (words[i + 1]?.text !== 'pipefail') continue;
        if (/^-[A-Za-z]*o$/.test(opt)) state.pipefail = true;
        else if (/^\+[A-Za-z]*o$/.test(opt)) state.pipefail = false;
      }
      return;
    }
    if (name === 'cd' && !w.quoted) {
      const dir = words[k + 1]?.text;
      if (dir !== undefined && dir.startsWith('/') && !dir.includes('$')) state.cwd = dir;
      else if (dir !== undefined) state.cwd = undefined;
      return;
    }
    if (isDumpWord(w, words.slice(k + 1))) {
      dump(w);
      return;
    }
    if (!w.text.includes('$') && (w.text.startsWith('/') || w.text.startsWith('./') || w.text.startsWith('../') || (w.text.includes('/') && !w.text.startsWith('-')))) {
      facts.calls.push({ target: resolveCall(w.text, state.cwd), loc: at(w) });
    } else if (/^[A-Za-z0-9_.+-]+$/.test(w.text)) {
      // A bare name may be a local script in PATH (`pg-backup`); the loader looks in /usr/local only.
      facts.calls.push({ target: w.text, loc: at(w) });
    }
    return;
  }
}

/** A dump tool in command position; `redis-cli` only with `--rdb`/`BGSAVE`/`SAVE`, `sqlite3` only with `.backup`/`.dump`. */
function isDumpWord(w: Word, rest: Word[]): boolean {
  const name = baseName(w.text);
  if (DUMP_TOOLS.has(name) || BACKUP_TOOLS.has(name)) return true;
  if (name === 'redis-cli') return rest.some((x) => x.text === '--rdb' || /^(?:bgsave|save)$/i.test(x.text));
  if (name === 'sqlite3') return rest.some((x) => /^\.(?:backup|dump)\b/.test(x.text));
  return false;
}

function resolveCall(target: string, cwd: string | undefined): string {
  if (target.startsWith('/')) return target;
  if (cwd === undefined) return target;
  return `${cwd.replace(/\/+$/, '')}/${target.replace(/^\.\//, '')}`;
}

function baseName(p: string): string {
  const i = p.lastIndexOf('/');
  return i === -1 ? p : p.slice(i + 1);
}

/**
 * Tokens of a shell text: words and the operators that end a simple command. A newline
 * ends a command unless it follows `|`, `&&` or `||`, or is escaped or quoted.
 */
export function lex(text: string, start: Pos): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = start.line;
  let column = start.column;
  const n = text.length;
  const heredocs: Array<{ tag: string; strip: boolean }> = [];
  const advance = (count = 1): void => {
    for (let c = 0; c < count && i < n; c++) {
      if (text[i] === '\n') {
        line++;
        column = 1;
      } else column++;
      i++;
    }
  };
  const here = (): Pos => ({ line, column });
  const pushOp = (op: string, pos: Pos): void => {
    tokens.push({ type: 'op', op, pos });
  };
  const lastOp = (): string | undefined => {
    const t = tokens[tokens.length - 1];
    return t?.type === 'op' ? t.op : undefined;
  };
  while (i < n) {
    const c = text[i]!;
    if (c === '\n') {
      const pos = here();
      advance();
      if (heredocs.length > 0) skipHeredocs();
      const prev = lastOp();
      if (prev !== '|' && prev !== '|&' && prev !== '&&' && prev !== '||' && tokens.length > 0 && prev !== ';') pushOp(';', pos);
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      advance();
      continue;
    }
    if (c === '\\' && text[i + 1] === '\n') {
      advance(2);
      continue;
    }
    if (c === '#') {
      while (i < n && text[i] !== '\n') advance();
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '&&' || two === '||' || two === '|&' || two === ';;') {
      pushOp(two, here());
      advance(2);
      continue;
    }
    if (two === '$(' && text[i + 2] !== '(') {
      pushOp('$(', here());
      advance(2);
      continue;
    }
    if (c === '|' || c === ';' || c === '&' || c === '(' || c === ')' || c === '`') {
      if (c === '&' && text[i + 1] === '>') {
        advance(text[i + 2] === '>' ? 3 : 2);
        skipRedirectTarget();
        continue;
      }
      pushOp(c, here());
      advance();
      continue;
    }
    if (c === '>' || c === '<') {
      if ((two === '<(' || two === '>(')) {
        pushOp('(', here());
        advance(2);
        continue;
      }
      const hd = /^<<(-?)[ \t]*(['"]?)([A-Za-z0-9_]+)\2/.exec(text.slice(i, i + 80));
      if (hd && text[i + 2] !== '<') {
        heredocs.push({ tag: hd[3]!, strip: hd[1] === '-' });
        advance(hd[0].length);
        continue;
      }
      const op = /^(?:<<<|>>|>\||<>|>&|<&|>|<)/.exec(text.slice(i, i + 3))![0];
      advance(op.length);
      skipRedirectTarget();
      continue;
    }
    const word = readWord();
    if (word) {
      // `2>file`: a word of digits right before a redirection is a file descriptor.
      if (/^\d+$/.test(word.text) && !word.quoted && (text[i] === '>' || text[i] === '<')) continue;
      tokens.push(word);
    }
  }
  return tokens;

  function skipRedirectTarget(): void {
    while (i < n && (text[i] === ' ' || text[i] === '\t')) advance();
    if (i < n && text[i] !== '\n') readWord();
  }

  function skipHeredocs(): void {
    while (heredocs.length > 0 && i < n) {
      const { tag, strip } = heredocs[0]!;
      const end = text.indexOf('\n', i);
      const raw = text.slice(i, end === -1 ? n : end).replace(/\r$/, '');
      advance((end === -1 ? n : end + 1) - i);
      if ((strip ? raw.replace(/^\t+/, '') : raw) === tag) heredocs.shift();
    }
  }

  function readWord(): Word | undefined {
    const pos = here();
    let out = '';
    let quoted = false;
    let innerText: string | undefined;
    let innerPos: Pos | undefined;
    let parts = 0;
    while (i < n) {
      const c = text[i]!;
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ';' || c === '|' || c === '&' || c === '(' || c === ')' || c === '`' || c === '<' || c === '>') break;
      if (c === '$' && text[i + 1] === '(' && text[i + 2] !== '(') break;
      parts++;
      if (c === '\\') {
        if (text[i + 1] === '\n') {
          advance(2);
          continue;
        }
        out += text[i + 1] ?? '';
        advance(2);
        continue;
      }
      if (c === "'" || (c === '$' && text[i + 1] === "'")) {
        quoted = true;
        if (c === '$') advance();
        advance();
        const p = here();
        let s = '';
        while (i < n && text[i] !== "'") {
          s += text[i];
          advance();
        }
        advance();
        out += s;
        innerText = s;
        innerPos = p;
        continue;
      }
      if (c === '"') {
        quoted = true;
        advance();
        const p = here();
        let s = '';
        while (i < n && text[i] !== '"') {
          if (text[i] === '\\' && i + 1 < n && '"\\$`\n'.includes(text[i + 1]!)) {
            if (text[i + 1] !== '\n') s += text[i + 1];
            advance(2);
            continue;
          }
          s += text[i];
          advance();
        }
        advance();
        out += s;
        innerText = s;
        innerPos = p;
        continue;
      }
      if (c === '$' && (text[i + 1] === '{' || (text[i + 1] === '(' && text[i + 2] === '('))) {
        const close = text[i + 1] === '{' ? '}' : '))';
        const end = text.indexOf(close, i + 2);
        const stop = end === -1 ? n : end + close.length;
        out += text.slice(i, stop);
        advance(stop - i);
        continue;
      }
      out += c;
      advance();
    }
    if (parts === 0) {
      // A character no rule takes: step over it so lexing always moves on.
      advance();
      return undefined;
    }
    const word: Word = { type: 'word', text: out, quoted, pos };
    if (innerText !== undefined && innerPos !== undefined && parts === 1) word.inner = { text: innerText, pos: innerPos };
    return word;
  }
}
