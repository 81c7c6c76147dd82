import { defineCheck } from '../../core/check.ts';
import type { Severity } from '../../core/severity.ts';
import type { EnvSetting, EnvUnit } from '../../inputs/env/settings.ts';
import { knownValue } from '../../inputs/env/settings.ts';
import { inService, unitName } from './_lib.ts';

type Unit = 's' | 'm' | 'h' | 'd';
const SECONDS: Record<Unit, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/**
 * Lifetime variables and the unit a bare number is in:
 * flask-jwt-extended `JWT_ACCESS_TOKEN_EXPIRES` / `JWT_REFRESH_TOKEN_EXPIRES` (seconds, `false` = never),
 * Flask-JWT `JWT_EXPIRATION_DELTA` (seconds), FastAPI template `ACCESS_TOKEN_EXPIRE_MINUTES`,
 * Laravel tymon/jwt-auth `JWT_TTL` / `JWT_REFRESH_TTL` (minutes, `null` = never), Node
 * (jsonwebtoken `expiresIn` strings such as `15m`, `7d`; bare numbers are seconds):
 * `JWT_EXPIRES_IN`, `JWT_EXPIRATION`, `JWT_EXPIRY`, `JWT_EXPIRATION_TIME`, `JWT_ACCESS_EXPIRES_IN`,
 * `ACCESS_TOKEN_EXPIRES_IN`, `JWT_ACCESS_TOKEN_EXPIRES_IN`, `ACCESS_TOKEN_TTL`, `JWT_ACCESS_TTL`,
 * `JWT_LIFETIME`, `JWT_ACCESS_TOKEN_LIFETIME`, `ACCESS_TOKEN_LIFETIME` (minutes, as djangorestframework-simplejwt
 * settings read from env usually are), and the refresh-token twins of these.
 */
const LIFETIME = /^(?:JWT_(?:ACCESS_|REFRESH_)?(?:TOKEN_)?(?:EXPIRES?(?:_IN)?|EXPIRATION(?:_TIME|_DELTA)?|EXPIRY|TTL|LIFETIME)|(?:ACCESS|REFRESH)_TOKEN_(?:EXPIRES?(?:_IN)?|EXPIRE_(?:MINUTES|SECONDS|HOURS|DAYS)|TTL|LIFETIME)|JWT_(?:ACCESS_|REFRESH_)?(?:TOKEN_)?EXPIRE_(?:MINUTES|SECONDS|HOURS|DAYS))$/;
const NEVER = /^(false|none|null|never|off|no|-1|0?inf(inity)?|unlimited)$/i;

function bareUnit(name: string): Unit {
  if (/MINUTES$/.test(name) || name === 'JWT_TTL' || name === 'JWT_REFRESH_TTL' || /LIFETIME$/.test(name)) return 'm';
  if (/HOURS$/.test(name)) return 'h';
  if (/DAYS$/.test(name)) return 'd';
  return 's';
}

/** Seconds, `Infinity` for never, undefined when the value cannot be read. */
function lifetimeSeconds(name: string, value: string): number | undefined {
  const v = value.trim();
  if (NEVER.test(v)) return Infinity;
  const num = /^(\d+(?:\.\d+)?)$/.exec(v);
  if (num) return Number(num[1]) * SECONDS[bareUnit(name)];
  // ms-style strings: `15m`, `1h`, `7d`, `2 days`, `30s`; `timedelta(days=30)`-like values are not read.
  const m = /^(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|w|weeks?|y|years?)$/i.exec(v);
  if (!m) return undefined;
  const n = Number(m[1]);
  const u = m[2]!.toLowerCase();
  if (u.startsWith('w')) return n * 7 * 86400;
  if (u.startsWith('y')) return n * 365 * 86400;
  if (u.startsWith('d')) return n * 86400;
  if (u.startsWith('h')) return n * 3600;
  if (u.startsWith('m')) return n * 60;
  return n;
}

function human(seconds: number): string {
  if (seconds >= 86400) return `${+(seconds / 86400).toFixed(1)} days`;
  if (seconds >= 3600) return `${+(seconds / 3600).toFixed(1)} hours`;
  return `${Math.round(seconds / 60)} minutes`;
}

/** JWT signing secrets: the unit issues or checks JWTs. */
const JWT_SECRET = /^(?:[A-Z0-9]+_)*JWT_(?:SECRET|SECRET_KEY|SIGNING_KEY|KEY|PRIVATE_KEY)$/;

export default defineCheck<EnvUnit>({
  id: 'env/require-short-jwt-lifetime',
  title: 'JWT access tokens expire within hours',
  severity: 'medium',
  checklist: ['A8'],
  rationale:
    'A JWT is valid until it expires: logging out, changing the password or disabling the user does not revoke ' +
    'it. A stolen token that never expires, or lives for weeks, is a standing key to the account. Access tokens ' +
    'should live minutes to an hour, refresh tokens days, never forever.\n\n' +
    'Names read: flask-jwt-extended `JWT_ACCESS_TOKEN_EXPIRES` and `JWT_REFRESH_TOKEN_EXPIRES` (seconds; `false` ' +
    'never expires), Flask-JWT `JWT_EXPIRATION_DELTA` (seconds), FastAPI\'s `ACCESS_TOKEN_EXPIRE_MINUTES`, Laravel ' +
    'jwt-auth `JWT_TTL`/`JWT_REFRESH_TTL` (minutes; `null` never), Node `JWT_EXPIRES_IN`, `JWT_EXPIRATION`, ' +
    '`JWT_EXPIRY`, `ACCESS_TOKEN_EXPIRES_IN`, `ACCESS_TOKEN_TTL` (`15m`, `7d`, or seconds), `*_LIFETIME` ' +
    '(minutes, simplejwt style), and `_MINUTES`/`_SECONDS`/`_HOURS`/`_DAYS` variants. An access token that never ' +
    'expires is high, one over a day medium, over an hour low; a refresh token that never expires is medium, over 90 ' +
    'days low. When the unit sets a JWT secret (`JWT_SECRET`, `JWT_SECRET_KEY`, …) and no lifetime at all, that ' +
    'is low: jsonwebtoken issues tokens without `exp` unless told otherwise.',
  remediation:
    'Set short lifetimes explicitly, and refresh tokens for longer sessions:\n' +
    '```dotenv\nJWT_ACCESS_TOKEN_EXPIRES=900        # flask-jwt-extended, seconds\nJWT_EXPIRES_IN=15m                  # Node (jsonwebtoken)\nACCESS_TOKEN_EXPIRE_MINUTES=30      # FastAPI\n```',
  references: ['https://flask-jwt-extended.readthedocs.io/en/stable/options.html#JWT_ACCESS_TOKEN_EXPIRES', 'https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html#token-sidejacking'],
  fixable: false,
  run({ model, report }) {
    if (model.example || model.production === 'no') return;
    const lifetimes = model.settings.filter((s) => LIFETIME.test(s.name));
    for (const setting of lifetimes) {
      const value = knownValue(setting);
      if (value === undefined || value.trim() === '') continue;
      const seconds = lifetimeSeconds(setting.name, value);
      if (seconds === undefined) continue;
      const refresh = setting.name.includes('REFRESH');
      const judged = judge(seconds, refresh);
      if (!judged) continue;
      report({
        at: setting,
        key: setting.name,
        severity: judged,
        message: seconds === Infinity
          ? `${setting.name}=${value.trim()}${inService(model)}: ${refresh ? 'refresh' : 'access'} tokens never expire; set a lifetime.`
          : `${setting.name}=${value.trim()}${inService(model)}: ${refresh ? 'refresh' : 'access'} tokens live ${human(seconds)}; keep ${refresh ? 'refresh tokens under 90 days' : 'access tokens under an hour'}.`,
      });
    }
    if (lifetimes.length > 0) return;
    const secret: EnvSetting | undefined = model.settings.find((s) => JWT_SECRET.test(s.name));
    if (!secret) return;
    report({
      at: secret,
      key: 'missing',
      severity: 'low',
      message: `${unitName(model)} signs JWTs (${secret.name}) but sets no token lifetime; set one (e.g. JWT_EXPIRES_IN=15m) rather than rely on the library default.`,
    });
  },
});

function judge(seconds: number, refresh: boolean): Severity | undefined {
  if (refresh) return seconds === Infinity ? 'medium' : seconds > 90 * 86400 ? 'low' : undefined;
  if (seconds === Infinity) return 'high';
  if (seconds > 86400) return 'medium';
  if (seconds > 3600) return 'low';
  return undefined;
}
