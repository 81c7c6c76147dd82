import { defineCheck } from '../../core/check.ts';
import type { EnvUnit } from '../../inputs/env/settings.ts';
import { ENVIRONMENT_NAMES, isProductionValue, knownValue, settingOf } from '../../inputs/env/settings.ts';
import { inService } from './_lib.ts';

/** Values that select a development or test mode. */
const NON_PRODUCTION = /^(dev|develop|development|local|test|testing|debug|ci|e2e)$/i;

export default defineCheck<EnvUnit>({
  id: 'env/require-production-mode',
  title: 'Production deployments run the framework in production mode',
  severity: 'medium',
  checklist: ['A5'],
  rationale:
    'The environment name switches a framework\'s defaults: in development Express sends stack traces to clients and ' +
    'skips view caching, Rails shows full error reports and reloads code, Flask enables the reloader and debugger, ' +
    'Laravel and Symfony load their debug toolbars. A production file that still says `development` (often ' +
    'copied from the local `.env`) runs the insecure defaults however the rest is configured.\n\n' +
    'Names read: `NODE_ENV`, `APP_ENV` (Laravel, Symfony), `ENVIRONMENT`, `ENV`, `APP_ENVIRONMENT`, `RAILS_ENV`, ' +
    '`RACK_ENV`, `FLASK_ENV`, `DJANGO_ENV`, `PYTHON_ENV`, `MIX_ENV`, `GO_ENV`, `ASPNETCORE_ENVIRONMENT`, ' +
    '`DOTNET_ENVIRONMENT`, `SPRING_PROFILES_ACTIVE`, `DEPLOY_ENV`, `STAGE`. Reported when one of them says ' +
    '`development`, `dev`, `local`, `test` or `debug` in a unit that is production by its file name ' +
    '(`.env.production`, `prod.env`, a `production/` folder), its Compose file (`docker-compose.prod.yml`), ' +
    'or another of these variables (`NODE_ENV=production` next to `APP_ENV=local`). A missing variable is not ' +
    'reported: which one a framework reads cannot be known from the env file alone.',
  remediation:
    'Set the framework\'s environment to production in the production file:\n' +
    '```dotenv\nNODE_ENV=production\nAPP_ENV=production\n```',
  references: ['https://expressjs.com/en/advanced/best-practice-performance.html#set-node_env-to-production', 'https://guides.rubyonrails.org/configuring.html#rails-environment-settings'],
  fixable: false,
  run({ model, report }) {
    if (model.example || model.production !== 'yes') return;
    for (const name of ENVIRONMENT_NAMES) {
      const setting = settingOf(model, name);
      const value = setting ? knownValue(setting)?.trim() : undefined;
      if (!setting || !value || isProductionValue(value)) continue;
      if (!value.split(/[,\s]+/).some((w) => NON_PRODUCTION.test(w))) continue;
      report({
        at: setting,
        key: name,
        message: `${name}=${value} in a production environment${inService(model)} (${model.productionReason ?? 'by its settings'}); set it to production.`,
      });
    }
  },
});
