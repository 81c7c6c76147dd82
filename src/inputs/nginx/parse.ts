/**
 * nginx configuration parser: tokens (tokenize.ts) to a directive tree with positions,
 * following `ngx_conf_parse`/`ngx_conf_handler`. Two passes:
 *
 * - `parseNginx` reads one file: statements end with `;`, `{` opens a block, `}` closes
 *   one; it reports what nginx's reader reports (`unexpected ";"`, `unexpected "}"`,
 *   `unexpected end of file, expecting "}"`, …) at the line nginx names.
 * - `checkNginxDirectives` judges statements in their context, which for an included
 *   file is only known where it is included: `directive "x" is not terminated by ";"`,
 *   `directive "x" has no opening "{"` (for directives whose kind is known; `server` is
 *   a block in `http` but a plain directive in `upstream`), `unexpected "{"` inside
 *   key/value blocks (`map`, `geo`, `types`, `split_clients`, `charset_map`), and
 *   `unknown directive` for names no module can have (`2}` from `location ~ ^/a{2}`).
 *
 * nginx stops at its first error; we recover and go on (so the model of the rest is
 * still there) but keep only the first error of each file, which is the one nginx
 * reports, instead of a cascade. Nothing here throws.
 */
import type { ScanError } from '../../core/finding.ts';
import type { Location } from '../../core/location.ts';
import { isLuaBlockDirective, tokenizeNginx } from './tokenize.ts';
import type { NginxPos, NginxToken } from './tokenize.ts';

/** One argument of a directive. */
export interface NginxArg {
  /** As nginx sees it: unquoted and unescaped. */
  value: string;
  /** As written, with quotes. */
  raw: string;
  quoted: boolean;
  loc: Location;
}

/** One statement: `name args… ;`, `name args… { … }`, or a Lua block. */
export interface NginxDirective {
  name: string;
  args: NginxArg[];
  /** From the first character of the name to the end of the `;` or of the closing `}`. */
  loc: Location;
  /** Where the statement ends as nginx reads it: its `;` or `{` (nginx reports most directive errors there). */
  terminator: Location;
  /** What ended the statement; `}` and `eof` only in files nginx rejects. */
  terminatedBy: ';' | '{' | '}' | 'eof';
  /** Children of a block directive (`http`, `server`, `location`, `if`, `map`, …). */
  block?: NginxDirective[];
  /** `*_by_lua_block` body, raw, between the braces. */
  rawBody?: { text: string; loc: Location };
  /** File the directive is written in, relative to the scan root. */
  file: string;
  /**
   * The `include` directives that brought this file in, outermost first; empty for the
   * main file. Each is the location of the include statement in its own file.
   */
  includeChain: Location[];
  /**
   * Logical address in the configuration, independent of line numbers (set by the model:
   * `http/server example.com 443/location /api//add_header X-Frame-Options`), for stable
   * finding fingerprints.
   */
  keyPath?: string;
}

/** A positioned parse error, shaped like nginx's `… in FILE:LINE` messages. */
export interface NginxParseError extends ScanError {
  line: number;
  column: number;
}

export interface NginxComment {
  /** Text after `#`. */
  text: string;
  loc: Location;
}

export interface NginxFileParse {
  path: string;
  directives: NginxDirective[];
  comments: NginxComment[];
  /** At most one: the first problem nginx would report in this file. */
  errors: NginxParseError[];
}

/** Directives whose statement is a block, in every context they can appear in. */
const BLOCK_DIRECTIVES: ReadonlySet<string> = new Set([
  'http', 'events', 'stream', 'mail', 'location', 'upstream', 'if', 'limit_except',
  'map', 'geo', 'types', 'split_clients', 'charset_map',
]);

/** Blocks whose entries are key/value pairs read by a custom handler (cf->handler): no blocks inside. */
export const KEY_VALUE_BLOCKS: ReadonlySet<string> = new Set(['map', 'geo', 'types', 'split_clients', 'charset_map']);

/**
 * Contexts whose children are ordinary directives of known modules: names there must
 * look like directive names. Children of other blocks (third-party modules with their
 * own handlers) are not judged.
 */
const NAMED_CONTEXTS: ReadonlySet<string> = new Set([
  'main', 'http', 'server', 'location', 'if', 'events', 'upstream', 'stream', 'mail', 'limit_except',
]);

/**
 * Directives of nginx and its usual modules that never take a block: `name … {` is
 * `directive "name" is not terminated by ";"`. A name counts when it is one of these
 * words or starts with one followed by `_` (the module families: `proxy_*`, `ssl_*`,
 * `gzip_*`, `lua_*`, …). Block directives are checked first, so `limit_except`,
 * `set_by_lua_block` or `ssl_certificate_by_lua_block` are not caught by `limit_*`,
 * `set_*` or `ssl_*`. Other names with a block are taken as third-party blocks.
 */
const SIMPLE_FAMILY = new RegExp(
  `^(?:${[
    'proxy', 'fastcgi', 'uwsgi', 'scgi', 'grpc', 'memcached', 'ssl', 'gzip', 'gunzip', 'http2', 'http3', 'quic', 'ssi',
    'sub_filter', 'userid', 'secure_link', 'autoindex', 'open_file_cache', 'client', 'keepalive', 'lingering', 'limit_req',
    'limit_conn', 'limit_rate', 'auth', 'log', 'access_log', 'error', 'mp4', 'flv', 'hls', 'image_filter', 'xslt', 'perl', 'js',
    'lua', 'map_hash', 'real_ip', 'set_real_ip_from', 'mirror', 'slice', 'resolver', 'server_names', 'types_hash',
    'variables_hash', 'worker', 'debug', 'accept', 'tcp', 'send', 'sendfile', 'read_ahead', 'postpone_output', 'output_buffers',
    'directio', 'aio', 'expires', 'etag', 'if_modified_since', 'ignore_invalid_headers', 'large_client_header_buffers',
    'merge_slashes', 'msie', 'port_in_redirect', 'recursive_error_pages', 'request_pool_size', 'reset_timedout_connection',
    'satisfy', 'server_tokens', 'server_name', 'underscores_in_headers', 'absolute_redirect', 'chunked_transfer_encoding',
    'connection_pool_size', 'default_type', 'disable_symlinks', 'max_ranges', 'subrequest_output_buffer_size', 'dav',
    'create_full_put_path', 'min_delete_depth', 'more_set_headers', 'more_clear_headers', 'more_set_input_headers',
    'more_clear_input_headers', 'preread', 'ancient_browser', 'modern_browser', 'addition_types', 'add_before_body',
    'add_after_body', 'charset', 'source_charset', 'override_charset', 'geoip_country', 'geoip_city', 'geoip_org',
    'geoip_proxy', 'internal', 'empty_gif', 'stub_status', 'valid_referers', 'referer_hash', 'random_index', 'index',
    'try_files', 'rewrite', 'return', 'root', 'alias', 'break', 'listen', 'include', 'add_header', 'add_trailer', 'allow',
    'deny', 'set', 'zone', 'hash', 'ip_hash', 'least_conn', 'least_time', 'random', 'sticky', 'ntlm', 'queue', 'daemon', 'env',
    'pid', 'user', 'load_module', 'lock_file', 'master_process', 'pcre_jit', 'thread_pool', 'timer_resolution',
    'working_directory', 'use', 'multi_accept', 'google_perftools_profiles', 'pass', 'uninitialized_variable_warn',
  ].join('|')})(?:_[a-z0-9_]*)?$`,
);

/** lua-nginx-module's plain forms (`content_by_lua`, `access_by_lua_file`) take no block. */
const LUA_SIMPLE = /_by_lua(?:_file)?$/;

const DIRECTIVE_NAME = /^[a-z][a-z0-9_]*$/;

/** Block nesting we follow; nginx recurses without a limit, real configs stay below ten. */
export const MAX_BLOCK_DEPTH = 500;

/** What kind of statement a name is in a given context: a block, a plain directive, or unknown. */
export function directiveShape(name: string, context: string): 'block' | 'simple' | 'unknown' {
  if (name === 'server') return context === 'upstream' ? 'simple' : 'block';
  if (isLuaBlockDirective(name)) return 'block';
  if (BLOCK_DIRECTIVES.has(name)) return 'block';
  if (LUA_SIMPLE.test(name) || SIMPLE_FAMILY.test(name)) return 'simple';
  return 'unknown';
}

function locOf(path: string, start: NginxPos, end: NginxPos): Location {
  return { path, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

function argOf(path: string, t: NginxToken): NginxArg {
  return { value: t.value, raw: t.raw, quoted: t.kind === 'quoted', loc: locOf(path, t.start, t.end) };
}

/** Keep the first error of a list (by position), which is the one nginx reports. */
export function firstError(errors: readonly NginxParseError[]): NginxParseError[] {
  let best: NginxParseError | undefined;
  for (const e of errors) {
    if (!best || e.line < best.line || (e.line === best.line && e.column < best.column)) best = e;
  }
  return best ? [best] : [];
}

export interface NginxParseOptions {
  /** Keep comments (default true: suppressions and snippets read them). */
  comments?: boolean;
}

/** Parse one file into a directive tree. `includeChain` of every directive is empty. */
export function parseNginx(text: string, path: string, options: NginxParseOptions = {}): NginxFileParse {
  const { tokens, errors: lexErrors } = tokenizeNginx(text, { comments: options.comments ?? true });
  const errors: NginxParseError[] = lexErrors.map((e) => ({ path, line: e.line, column: e.column, reason: e.reason }));
  const comments: NginxComment[] = [];
  const eof = endPosition(text);
  const eofLoc = locOf(path, eof, eof);
  const err = (reason: string, at: NginxPos): void => {
    errors.push({ path, line: at.line, column: at.column, reason });
  };
  let i = 0;

  const makeDirective = (args: NginxToken[], terminator: NginxToken | undefined): NginxDirective => {
    const first = args[0]!;
    const endPos = terminator ? terminator.end : args[args.length - 1]!.end;
    const termLoc = terminator ? locOf(path, terminator.start, terminator.end) : eofLoc;
    const terminatedBy = !terminator ? 'eof' : terminator.kind === 'semicolon' ? ';' : terminator.kind === 'open' ? '{' : '}';
    return {
      name: first.value,
      args: args.slice(1).map((t) => argOf(path, t)),
      loc: locOf(path, first.start, endPos),
      terminator: termLoc,
      terminatedBy,
      file: path,
      includeChain: [],
    };
  };

  /** Parse statements until the `}` closing this level (returned) or the end of the tokens. */
  const parseBlock = (depth: number, out: NginxDirective[]): NginxToken | undefined => {
    let args: NginxToken[] = [];
    for (;;) {
      const t = tokens[i];
      if (!t) {
        if (args.length > 0) {
          err('unexpected end of file, expecting ";" or "}"', eof);
          out.push(makeDirective(args, undefined));
        } else if (depth > 0) {
          err('unexpected end of file, expecting "}"', eof);
        }
        return undefined;
      }
      i++;
      switch (t.kind) {
        case 'comment':
          comments.push({ text: t.value, loc: locOf(path, t.start, t.end) });
          continue;
        case 'word':
        case 'quoted':
          args.push(t);
          continue;
        case 'lua':
          // Only follows an `open`, handled there; a stray one cannot happen.
          continue;
        case 'semicolon':
          if (args.length === 0) err('unexpected ";"', t.start);
          else out.push(makeDirective(args, t));
          args = [];
          continue;
        case 'open': {
          if (args.length === 0) {
            err('unexpected "{"', t.start);
            parseBlock(depth + 1, []);
            continue;
          }
          const d = makeDirective(args, t);
          args = [];
          if (depth + 1 > MAX_BLOCK_DEPTH) {
            // Deeper than any real config; skipped without recursion so the stack holds.
            err(`blocks nested more than ${MAX_BLOCK_DEPTH} levels deep; inner blocks skipped`, t.start);
            let open = 1;
            while (open > 0 && i < tokens.length) {
              const k = tokens[i++]!.kind;
              if (k === 'open') open++;
              else if (k === 'close') open--;
            }
            d.block = [];
            out.push(d);
            continue;
          }
          if (tokens[i]?.kind === 'lua') {
            const body = tokens[i++]!;
            d.rawBody = { text: body.value, loc: locOf(path, body.start, body.end) };
            const close = tokens[i]?.kind === 'close' ? tokens[i++] : undefined;
            d.loc.endLine = (close ?? body).end.line;
            d.loc.endColumn = (close ?? body).end.column;
            const argCount = d.args.length;
            if (d.name === 'set_by_lua_block' ? argCount !== 1 : argCount !== 0) {
              err(`invalid number of arguments in "${d.name}" directive`, t.start);
            }
          } else {
            d.block = [];
            const close = parseBlock(depth + 1, d.block);
            const end = close ? close.end : eof;
            d.loc.endLine = end.line;
            d.loc.endColumn = end.column;
          }
          out.push(d);
          continue;
        }
        case 'close':
          if (args.length > 0) {
            err('unexpected "}"', t.start);
            out.push(makeDirective(args, t));
            args = [];
            if (depth === 0) continue;
            return t;
          }
          if (depth === 0) {
            err('unexpected "}"', t.start);
            continue;
          }
          return t;
      }
    }
  };

  const directives: NginxDirective[] = [];
  parseBlock(0, directives);
  return { path, directives, comments, errors: firstError(errors) };
}

function endPosition(text: string): NginxPos {
  let line = 1;
  let lastNl = -1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    line++;
    lastNl = i;
  }
  return { offset: text.length, line, column: text.length - lastNl };
}

/**
 * Context checks over a (possibly include-expanded) tree. `context` is the name of the
 * enclosing block (`main` at the top of nginx.conf, `http` at the top of a conf.d file).
 * Errors are reported in the file each directive is written in.
 */
export function checkNginxDirectives(directives: readonly NginxDirective[], context: string): NginxParseError[] {
  const errors: NginxParseError[] = [];
  const at = (d: NginxDirective, reason: string, loc: Location = d.terminator): void => {
    errors.push({ path: loc.path, line: loc.line, column: loc.column, reason });
  };
  const walk = (list: readonly NginxDirective[], ctx: string): void => {
    const keyValue = KEY_VALUE_BLOCKS.has(ctx);
    for (const d of list) {
      const hasBlock = d.block !== undefined || d.rawBody !== undefined;
      if (keyValue) {
        if (hasBlock) at(d, 'unexpected "{"');
      } else if (NAMED_CONTEXTS.has(ctx)) {
        if (!DIRECTIVE_NAME.test(d.name)) {
          at(d, `unknown directive "${d.name}"`);
        } else {
          const shape = directiveShape(d.name, ctx);
          if (shape === 'simple' && hasBlock) at(d, `directive "${d.name}" is not terminated by ";"`);
          if (shape === 'block' && !hasBlock && d.terminatedBy === ';') at(d, `directive "${d.name}" has no opening "{"`);
        }
      }
      if (d.block) walk(d.block, keyValue ? '' : d.name);
    }
  };
  walk(directives, context);
  return errors;
}

const MAIN_ONLY = new Set(['http', 'events', 'stream', 'mail', 'worker_processes', 'user', 'pid', 'load_module', 'worker_rlimit_nofile', 'daemon', 'env']);
const SERVER_LEVEL = new Set(['location', 'listen', 'server_name']);

/**
 * The context a file's top level is written for, guessed from its statements: `main`
 * for a whole nginx.conf, `server` for a snippet of server statements (`listen`,
 * `location` without `server`), `http` otherwise (conf.d and sites files, parameter
 * snippets such as proxy_params).
 */
export function topContextOf(directives: readonly NginxDirective[]): 'main' | 'http' | 'server' {
  if (directives.some((d) => MAIN_ONLY.has(d.name))) return 'main';
  if (directives.some((d) => d.name === 'server' && d.block)) return 'http';
  if (directives.some((d) => SERVER_LEVEL.has(d.name))) return 'server';
  return 'http';
}

/** Parse a single file and judge it as a whole configuration (no includes followed). */
export function parseNginxFile(text: string, path: string, context = 'main', options: NginxParseOptions = {}): NginxFileParse {
  const parsed = parseNginx(text, path, options);
  const errors = firstError([...parsed.errors, ...checkNginxDirectives(parsed.directives, context)]);
  return { ...parsed, errors };
}
