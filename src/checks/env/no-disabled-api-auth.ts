import { defineCheck } from '../../core/check.ts';
import type { EnvUnit } from '../../inputs/env/settings.ts';
import { knownValue } from '../../inputs/env/settings.ts';
import { inService, isFalsy, isTruthy } from './_lib.ts';

/** Switches that turn authentication off when true. */
const OFF_WHEN_TRUE = /^(?:[A-Z0-9]+_)*(?:DISABLE_(?:API_)?AUTH(?:ENTICATION)?|(?:API_)?AUTH(?:ENTICATION)?_DISABLED|DISABLE_API_KEYS?|API_KEYS?_DISABLED|SKIP_AUTH(?:ENTICATION)?|NO_AUTH|INSECURE_NO_AUTH|ALLOW_ANONYMOUS(?:_ACCESS)?|ANONYMOUS_ACCESS(?:_ENABLED)?|(?:API_)?ALLOW_UNAUTHENTICATED(?:_ACCESS)?)$/;
/** Switches that turn authentication off when false. */
const OFF_WHEN_FALSE = /^(?:[A-Z0-9]+_)*(?:(?:API_)?AUTH(?:ENTICATION)?_(?:ENABLED|REQUIRED)|API_KEYS?_(?:ENABLED|REQUIRED|AUTH)|REQUIRE_(?:API_KEYS?|AUTH(?:ENTICATION)?)|ENABLE_(?:API_)?AUTH(?:ENTICATION)?|API_AUTH)$/;
/** Auth modes, off when `none`. */
const MODE = /^(?:[A-Z0-9]+_)*(?:API_)?AUTH(?:ENTICATION)?_(?:TYPE|MODE|METHOD|STRATEGY|PROVIDER)$/;
const NONE = /^(none|off|disabled?|anonymous|noauth|no-auth|false)$/i;
/** Server API keys that, left empty, run the server without authentication (Qdrant). */
const EMPTY_KEY_OPENS = ['QDRANT__SERVICE__API_KEY'];

export default defineCheck<EnvUnit>({
  id: 'env/no-disabled-api-auth',
  title: 'API authentication is not switched off',
  severity: 'high',
  checklist: ['A7'],
  rationale:
    'A switch that turns authentication off is meant for a developer\'s laptop; in a deployed environment it makes ' +
    'every endpoint public, including the ones that change data, and nothing in the logs says so.\n\n' +
    'Names read (also with a prefix such as `APP_`): true turns auth off for `DISABLE_AUTH`, `DISABLE_API_AUTH`, ' +
    '`AUTH_DISABLED`, `API_AUTH_DISABLED`, `DISABLE_AUTHENTICATION`, `DISABLE_API_KEY`, `API_KEY_DISABLED`, ' +
    '`SKIP_AUTH`, `NO_AUTH`, `ALLOW_ANONYMOUS`, `ANONYMOUS_ACCESS`, `ALLOW_UNAUTHENTICATED`; false turns it off ' +
    'for `AUTH_ENABLED`, `API_AUTH_ENABLED`, `AUTH_REQUIRED`, `API_KEY_REQUIRED`, `API_KEY_ENABLED`, `REQUIRE_API_KEY`, ' +
    '`REQUIRE_AUTH`, `ENABLE_AUTH`, `API_AUTH`; `none` turns it off for `AUTH_TYPE`, `AUTH_MODE`, `AUTH_METHOD`, ' +
    '`AUTH_STRATEGY`, `AUTH_PROVIDER`; an empty `QDRANT__SERVICE__API_KEY` runs Qdrant without a key. High in ' +
    'production, medium where the file does not say; development, test and template files are not judged.',
  remediation:
    'Remove the switch from deployed environments (or set it to require auth), and give clients an API key:\n' +
    '```dotenv\nAPI_KEY_REQUIRED=true\nAPI_KEY=<32 random bytes, e.g. openssl rand -base64 32>\n```',
  references: ['https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/', 'https://qdrant.tech/documentation/guides/security/'],
  fixable: false,
  run({ model, report }) {
    if (model.example || model.production === 'no') return;
    const severity = model.production === 'yes' ? 'high' : 'medium';
    for (const setting of model.settings) {
      const value = knownValue(setting);
      if (value === undefined) continue;
      const name = setting.name.toUpperCase();
      let off = false;
      if (OFF_WHEN_TRUE.test(name)) off = isTruthy(value);
      else if (OFF_WHEN_FALSE.test(name)) off = isFalsy(value) || NONE.test(value.trim());
      else if (MODE.test(name)) off = NONE.test(value.trim());
      else if (EMPTY_KEY_OPENS.includes(name)) off = value.trim() === '' && (setting.vars ?? []).length === 0;
      if (!off) continue;
      report({
        at: setting,
        key: setting.name,
        severity,
        message: value.trim() === ''
          ? `${setting.name} is empty${inService(model)}: the server then accepts requests without an API key.`
          : `${setting.name}=${value.trim()}${inService(model)} switches API authentication off.`,
      });
    }
  },
});
