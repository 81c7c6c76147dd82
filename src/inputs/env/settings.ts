/**
 * The env settings model: what one process is configured with through environment
 * variables, wherever that is written. A unit is one env source:
 * - a `.env`, `.env.*` or `*.env` file (also one that is only a Compose project's
 *   interpolation source: its values end up in containers through `${VAR}`);
 * - one Compose service's effective environment: its `environment:` entries and its
 *   `env_file`s, `environment:` winning for a name set in both, each entry keeping the
 *   file and line it was written on.
 *
 * Each unit says whether it looks like production (`production`) and whether it is a
 * template (`example`: `.env.example`, `.env.sample`, `.env.template`, `*.dist`, …), which
 * the env checks read as documentation, not configuration.
 *
 * An `env_file` entry seen through a service and the same line seen as a file unit share
 * their `keyPath` (`env.<NAME>`), so a finding on it is reported once.
 */
import type { Located, Location } from '../../core/location.ts';
import type { ComposeProject, EnvVar, VarRef } from '../compose/model.ts';
import { expandEnvFile } from '../compose/service.ts';
import type { EnvEntry } from './parse-env.ts';

export interface EnvSetting extends Located {
  name: string;
  /** The value the process sees (unquoted; `${VAR}` expanded). Undefined: no value here (`- FOO` in Compose takes it from the shell). */
  value?: string;
  /** The value as written, when expansion changed it. */
  raw?: string;
  /** The `${VAR}` references in `raw`. */
  vars?: VarRef[];
  /** `file`: a line of an env file unit; `environment` / `env_file`: a Compose service's entry. */
  origin: 'file' | 'environment' | 'env_file';
  loc: Location;
  keyPath: string;
}

/** `yes`: a production deployment; `no`: development, test or CI; `unknown`: nothing says. */
export type ProductionVerdict = 'yes' | 'no' | 'unknown';

export interface EnvUnit {
  kind: 'env';
  /** The env file, or the Compose file that defines the service. */
  path: string;
  /** Compose service name, for units read from a Compose project. */
  service?: string;
  /** How messages name the unit: `.env.production`, `service "api"`. */
  label: string;
  /** One setting per name: the definition the process ends up with. */
  settings: EnvSetting[];
  production: ProductionVerdict;
  /** What decided `production` (`file name .env.production`, `NODE_ENV=production`, `compose file docker-compose.prod.yml`). */
  productionReason?: string;
  /** A template (`.env.example`): placeholders are its purpose, not a weakness. */
  example: boolean;
  /** Every unit of the same source (the services of one Compose project; a file alone), this one included. */
  peers: readonly EnvUnit[];
}

/** Template names: `.env.example`, `.env.sample`, `.env.template`, `.env.tmpl`, `.env.dist`, `.env.defaults`, `x.env.example`, `*.dist`. */
const EXAMPLE_NAME = /(?:^|[.\-_])(?:example|examples|sample|template|tmpl|dist|defaults?)(?:[.\-_]|$)/i;
const PRODUCTION_WORD = /^(?:prod|production|live)$/i;
const NON_PRODUCTION_WORD = /^(?:dev|develop|development|local|test|testing|ci|e2e)$/i;

/**
 * Variables frameworks read to pick their environment: Node (`NODE_ENV`), Rails/Rack
 * (`RAILS_ENV`, `RACK_ENV`), Flask (`FLASK_ENV`), Laravel/Symfony (`APP_ENV`), FastAPI and
 * most twelve-factor apps (`ENVIRONMENT`, `ENV`, `APP_ENVIRONMENT`), Elixir (`MIX_ENV`),
 * .NET (`ASPNETCORE_ENVIRONMENT`), Spring (`SPRING_PROFILES_ACTIVE`), Django
 * (`DJANGO_SETTINGS_MODULE` ending in `.production` / `.prod`).
 */
export const ENVIRONMENT_NAMES = [
  'NODE_ENV', 'APP_ENV', 'ENVIRONMENT', 'ENV', 'APP_ENVIRONMENT', 'RAILS_ENV', 'RACK_ENV', 'FLASK_ENV',
  'DJANGO_ENV', 'PYTHON_ENV', 'MIX_ENV', 'GO_ENV', 'ASPNETCORE_ENVIRONMENT', 'DOTNET_ENVIRONMENT', 'SPRING_PROFILES_ACTIVE',
  'DEPLOY_ENV', 'STAGE',
];

/** `production`, `prod`, `live` (and Spring profile lists holding one of them). */
export function isProductionValue(value: string): boolean {
  return value.split(/[,\s]+/).some((w) => PRODUCTION_WORD.test(w.trim()));
}

export function isNonProductionValue(value: string): boolean {
  const words = value.split(/[,\s]+/).filter(Boolean);
  return words.length > 0 && words.every((w) => NON_PRODUCTION_WORD.test(w.trim()));
}

/** The setting the process ends up with for `name`. */
export function settingOf(unit: EnvUnit, name: string): EnvSetting | undefined {
  return unit.settings.find((s) => s.name === name);
}

/** The value of a setting when it is known here: no `${VAR}` that stayed unset. */
export function knownValue(setting: EnvSetting): string | undefined {
  if (setting.value === undefined) return undefined;
  if ((setting.vars ?? []).some((v) => v.source === 'unset' && !v.usedDefault)) return undefined;
  return setting.value;
}

/** True for a file name of an env template. */
export function isExampleEnvName(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return EXAMPLE_NAME.test(name.replace(/^\.env/, ''));
}

/** A unit for one parsed env file. `${VAR}` expands from earlier lines of the same file, as Compose and python-dotenv do. */
export function envFileUnit(path: string, entries: EnvEntry[]): EnvUnit {
  const byName = new Map<string, EnvSetting>();
  for (const v of expandEnvFile(entries, () => undefined, 'env')) {
    byName.delete(v.name); // the last definition wins and keeps its place
    byName.set(v.name, fromEnvVar(v, 'file'));
  }
  const settings = [...byName.values()];
  const unit: EnvUnit = { kind: 'env', path, label: path, settings, production: 'unknown', example: isExampleEnvName(path), peers: [] };
  unit.peers = [unit];
  const fromName = productionFromPath(path);
  const fromValues = productionFromSettings(settings);
  decide(unit, fromValues.verdict === 'yes' ? fromValues : fromName.verdict !== 'unknown' ? fromName : fromValues);
  return unit;
}

/** One unit per service of a Compose project: what `scan` hands the env checks next to the project itself. */
export function envUnitsFromCompose(project: ComposeProject): EnvUnit[] {
  const composeFiles = project.files.filter((f) => /\.ya?ml$/i.test(f));
  const prodFile = composeFiles.find((f) => productionFromPath(f, true).verdict === 'yes');
  const units: EnvUnit[] = [];
  for (const service of project.services) {
    const settings = service.environment.map((v) => fromEnvVar(v, v.origin));
    const unit: EnvUnit = {
      kind: 'env',
      path: service.path,
      service: service.name,
      label: `service "${service.name}"`,
      settings,
      production: 'unknown',
      example: false,
      peers: units,
    };
    const fromValues = productionFromSettings(settings);
    decide(unit, fromValues.verdict === 'yes' || !prodFile ? fromValues : { verdict: 'yes', reason: `compose file ${prodFile}` });
    units.push(unit);
  }
  return units;
}

function fromEnvVar(v: EnvVar, origin: EnvSetting['origin']): EnvSetting {
  // An env_file line is the same line whichever service reads it: one fingerprint for it.
  const keyPath = origin === 'environment' ? v.keyPath : `env.${v.name}`;
  const s: EnvSetting = { name: v.name, origin, loc: v.loc, keyPath };
  if (v.value !== undefined) s.value = v.value;
  if (v.raw !== undefined) s.raw = v.raw;
  if (v.vars) s.vars = v.vars;
  return s;
}

interface Decision {
  verdict: ProductionVerdict;
  reason?: string;
}

function decide(unit: EnvUnit, d: Decision): void {
  unit.production = d.verdict;
  if (d.reason) unit.productionReason = d.reason;
}

/** `.env.production`, `prod.env`, `deploy/production/.env`; `.env.development`, `.env.test`, `.env.local`. Compose files only by their name. */
function productionFromPath(path: string, nameOnly = false): Decision {
  const segments = path.split('/');
  const name = segments[segments.length - 1]!;
  const words = name.split(/[.\-_]+/).filter(Boolean);
  const dirs = nameOnly ? [] : segments.slice(0, -1);
  if (words.some((w) => PRODUCTION_WORD.test(w))) return { verdict: 'yes', reason: `file name ${name}` };
  if (dirs.some((d) => PRODUCTION_WORD.test(d))) return { verdict: 'yes', reason: `folder ${dirs.find((d) => PRODUCTION_WORD.test(d))}/` };
  if (words.some((w) => NON_PRODUCTION_WORD.test(w))) return { verdict: 'no', reason: `file name ${name}` };
  return { verdict: 'unknown' };
}

function productionFromSettings(settings: readonly EnvSetting[]): Decision {
  let no: Decision | undefined;
  for (const name of ENVIRONMENT_NAMES) {
    const s = settings.find((x) => x.name === name);
    const v = s ? knownValue(s)?.trim() : undefined;
    if (!v) continue;
    if (isProductionValue(v)) return { verdict: 'yes', reason: `${name}=${v}` };
    if (!no && isNonProductionValue(v)) no = { verdict: 'no', reason: `${name}=${v}` };
  }
  const django = settings.find((x) => x.name === 'DJANGO_SETTINGS_MODULE');
  const module = django ? knownValue(django)?.trim() : undefined;
  if (module) {
    const last = module.split('.').pop() ?? '';
    if (PRODUCTION_WORD.test(last)) return { verdict: 'yes', reason: `DJANGO_SETTINGS_MODULE=${module}` };
    if (!no && NON_PRODUCTION_WORD.test(last)) no = { verdict: 'no', reason: `DJANGO_SETTINGS_MODULE=${module}` };
  }
  return no ?? { verdict: 'unknown' };
}
