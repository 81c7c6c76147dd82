import { defineCheck } from '../../core/check.ts';
import type { EnvUnit } from '../../inputs/env/settings.ts';
import { knownValue, settingOf } from '../../inputs/env/settings.ts';
import { inService, isTruthy } from './_lib.ts';

/**
 * Debug switches: `DEBUG` (Django, FastAPI/Starlette, most Python and Go apps),
 * `DJANGO_DEBUG` (django-environ prefixes), `FLASK_DEBUG`, `APP_DEBUG` (Laravel, Symfony),
 * `DEBUG_MODE`, `TEMPLATE_DEBUG`, `WERKZEUG_DEBUG_PIN=off`.
 */
const DEBUG_NAMES = ['DEBUG', 'DJANGO_DEBUG', 'FLASK_DEBUG', 'APP_DEBUG', 'DEBUG_MODE', 'TEMPLATE_DEBUG', 'QUART_DEBUG'];

export default defineCheck<EnvUnit>({
  id: 'env/no-debug-in-production',
  title: 'Debug mode is off in production',
  severity: 'high',
  checklist: ['A5'],
  rationale:
    'Debug mode turns every error into a page that shows source code, settings, environment variables and SQL ' +
    '(Django\'s technical 500 page, Laravel\'s Ignition), Flask/Werkzeug\'s debugger even runs Python typed into ' +
    'the browser, and frameworks relax host and security checks while it is on.\n\n' +
    'Names read: `DEBUG` (Django, FastAPI/Starlette, generic), `DJANGO_DEBUG`, `FLASK_DEBUG`, `APP_DEBUG` ' +
    '(Laravel, Symfony), `DEBUG_MODE`, `TEMPLATE_DEBUG`, `QUART_DEBUG`, when set to `true`, `1`, `yes` or `on` ' +
    '(Node\'s `DEBUG=app:*` log namespaces are not a debug mode and are not read). Judged only where the unit ' +
    'looks like production: a `.env.production`/`.env.prod` file or a `production/` folder, a Compose ' +
    'file named like `docker-compose.prod.yml`, or an environment variable (`NODE_ENV`, `APP_ENV`, `ENVIRONMENT`, ' +
    '`RAILS_ENV`, `FLASK_ENV`, `DJANGO_SETTINGS_MODULE=…production`, …) that says production.',
  remediation:
    'Turn debug off in the production environment and keep it on only in development files:\n' +
    '```dotenv\nDEBUG=false\nAPP_ENV=production\n```',
  references: ['https://docs.djangoproject.com/en/stable/ref/settings/#debug', 'https://flask.palletsprojects.com/en/stable/config/#DEBUG'],
  fixable: false,
  run({ model, report }) {
    if (model.example || model.production !== 'yes') return;
    for (const name of DEBUG_NAMES) {
      const setting = settingOf(model, name);
      const value = setting ? knownValue(setting) : undefined;
      if (!setting || !isTruthy(value)) continue;
      report({
        at: setting,
        key: name,
        message: `${name}=${value!.trim()} in a production environment${inService(model)} (${model.productionReason ?? 'by its settings'}); turn debug mode off.`,
      });
    }
  },
});
