import { defineCheck } from '../../core/check.ts';
import type { Located } from '../../core/location.ts';
import type { Severity } from '../../core/severity.ts';
import type { ComposeProject, ComposeService } from '../../inputs/compose/model.ts';
import { commandSecrets } from './_lib/credentials.ts';
import { envHasValue, envIsTrue, envValue, envVar, findCommandScalar, isFalsy, isTruthy } from './_lib/env.ts';
import { isLoopbackBinding, serviceNetworkNames } from './_lib/networks.ts';
import { classifyService, describeService, nodeText } from './_lib/roles.ts';

/** `reach` replaces the generic reachability note when the problem itself is the exposure. */
type Problem = { at: Located; what: string; key: string; reach?: string };

// Flags that turn Jupyter's token off; an empty value (`=''`, `=""`, `=`) is the problem.
const JUPYTER_NO_TOKEN = /--(NotebookApp|ServerApp|IdentityProvider)\.token=(''|""|)(?=\s|$)/;
const JUPYTER_PASSWORD = /--(NotebookApp|ServerApp)\.password=(?!''|""|\s|$)\S+|--PasswordIdentityProvider\.hashed_password=(?!''|""|\s|$)\S+/;
const GRAFANA_SSO = [
  'GF_AUTH_GENERIC_OAUTH_ENABLED', 'GF_AUTH_GOOGLE_ENABLED', 'GF_AUTH_GITHUB_ENABLED', 'GF_AUTH_GITLAB_ENABLED',
  'GF_AUTH_AZUREAD_ENABLED', 'GF_AUTH_OKTA_ENABLED', 'GF_AUTH_PROXY_ENABLED', 'GF_AUTH_LDAP_ENABLED', 'GF_AUTH_JWT_ENABLED',
];

function where(service: ComposeService): Located {
  return service.command ?? service.image ?? service;
}

/** What makes each admin UI open to anyone who reaches it. */
function problemsOf(service: ComposeService, product: string | undefined): Problem[] {
  const out: Problem[] = [];
  const cmd = `${nodeText(service.entrypoint)} ${nodeText(service.command)}`;
  switch (product) {
    case 'flower': {
      const auth = /--(basic[_-]auth|auth)(=|\s)/.test(cmd) || envHasValue(service, 'FLOWER_BASIC_AUTH') || envHasValue(service, 'FLOWER_AUTH');
      if (!auth) out.push({ at: where(service), key: 'flower', what: 'Celery Flower starts without `--basic_auth` or `--auth`: anyone who reaches it can read task arguments and results and shut down workers' });
      const api = envVar(service, 'FLOWER_UNAUTHENTICATED_API');
      if (api && isTruthy(api.value)) out.push({ at: api, key: 'flower-api', what: 'Flower exposes its API without authentication (`FLOWER_UNAUTHENTICATED_API`)' });
      break;
    }
    case 'jupyter': {
      const noToken = findCommandScalar(service, JUPYTER_NO_TOKEN);
      if (noToken && !JUPYTER_PASSWORD.test(cmd)) {
        out.push({ at: noToken, key: 'jupyter', what: 'Jupyter runs with its token disabled and no password: anyone who reaches it can run code in the container' });
      }
      break;
    }
    case 'grafana': {
      const anon = envVar(service, 'GF_AUTH_ANONYMOUS_ENABLED');
      if (anon && isTruthy(anon.value)) {
        const role = envValue(service, 'GF_AUTH_ANONYMOUS_ORG_ROLE') ?? 'Viewer';
        out.push({ at: anon, key: 'grafana-anon', what: `Grafana allows anonymous access (role ${role})` });
      }
      const noForm = envVar(service, 'GF_AUTH_DISABLE_LOGIN_FORM');
      if (noForm && isTruthy(noForm.value) && !GRAFANA_SSO.some((n) => envIsTrue(service, n))) {
        out.push({ at: noForm, key: 'grafana-form', what: 'Grafana disables its login form with no SSO or auth proxy configured' });
      }
      break;
    }
    case 'elasticsearch': {
      const off = envVar(service, 'xpack.security.enabled') ?? envVar(service, 'XPACK_SECURITY_ENABLED');
      const offInCmd = findCommandScalar(service, /-Expack\.security\.enabled=false\b/);
      if (off && isFalsy(off.value)) out.push({ at: off, key: 'es', what: 'Elasticsearch runs with security disabled (`xpack.security.enabled=false`): no authentication, no TLS' });
      else if (offInCmd) out.push({ at: offInCmd, key: 'es', what: 'Elasticsearch runs with security disabled (`-Expack.security.enabled=false`)' });
      else if (!off && service.image && (/^[67]\./.test(service.image.tag ?? '') || /-oss$/.test(service.image.repository))) {
        // Before 8.0, security was off unless switched on.
        out.push({ at: service.image, key: 'es', what: 'Elasticsearch before 8.0 (or -oss) has security off unless `xpack.security.enabled=true` is set' });
      }
      break;
    }
    case 'opensearch': {
      const off = envVar(service, 'DISABLE_SECURITY_PLUGIN') ?? envVar(service, 'plugins.security.disabled');
      if (off && isTruthy(off.value)) out.push({ at: off, key: 'opensearch', what: 'OpenSearch runs with its security plugin disabled' });
      break;
    }
    case 'redis-commander': {
      if (!envHasValue(service, 'HTTP_USER') || !(envHasValue(service, 'HTTP_PASSWORD') || envHasValue(service, 'HTTP_PASSWORD_HASH'))) {
        out.push({ at: service.image ?? service, key: 'redis-commander', what: 'Redis Commander runs without `HTTP_USER`/`HTTP_PASSWORD`: anyone who reaches it can read and change Redis' });
      }
      break;
    }
    case 'mongo-express': {
      const basic = envVar(service, 'ME_CONFIG_BASICAUTH');
      if (basic && isFalsy(basic.value)) {
        out.push({ at: basic, key: 'mongo-express', what: 'Mongo Express has basic auth switched off (`ME_CONFIG_BASICAUTH`)' });
      } else if (!envHasValue(service, 'ME_CONFIG_BASICAUTH_USERNAME') || !envHasValue(service, 'ME_CONFIG_BASICAUTH_PASSWORD')) {
        out.push({ at: service.image ?? service, key: 'mongo-express', what: 'Mongo Express runs without `ME_CONFIG_BASICAUTH_USERNAME`/`ME_CONFIG_BASICAUTH_PASSWORD`' });
      }
      break;
    }
    case 'pgadmin': {
      const desktop = envVar(service, 'PGADMIN_CONFIG_SERVER_MODE');
      if (desktop && isFalsy(desktop.value)) {
        out.push({ at: desktop, key: 'pgadmin', what: 'pgAdmin runs in desktop mode (`PGADMIN_CONFIG_SERVER_MODE=False`), which has no login' });
      } else if (!envHasValue(service, 'PGADMIN_DEFAULT_PASSWORD')) {
        out.push({ at: service.image ?? service, key: 'pgadmin', what: 'pgAdmin runs without `PGADMIN_DEFAULT_PASSWORD` (or `_FILE`)' });
      }
      break;
    }
    case 'prometheus':
    case 'alertmanager': {
      if (/--web\.config\.file[=\s]\S/.test(cmd)) break;
      const name = product === 'prometheus' ? 'Prometheus' : 'Alertmanager';
      for (const port of service.ports) {
        if (isLoopbackBinding(port.hostIp)) continue;
        out.push({ at: port, key: `port:${port.raw}`, what: `${name} has no authentication of its own`, reach: `it publishes port ${port.published ?? `${port.target} (random host port)`}` });
      }
      break;
    }
    case 'traefik': {
      const insecure = findCommandScalar(service, /--api\.insecure(=true)?(\s|$)/i);
      const env = envVar(service, 'TRAEFIK_API_INSECURE');
      if (insecure) out.push({ at: insecure, key: 'traefik', what: 'The Traefik dashboard and API are served without authentication (`--api.insecure`)' });
      else if (env && isTruthy(env.value)) out.push({ at: env, key: 'traefik', what: 'The Traefik dashboard and API are served without authentication (`TRAEFIK_API_INSECURE`)' });
      break;
    }
  }
  return out;
}

export default defineCheck<ComposeProject>({
  id: 'compose/no-unauthenticated-admin-ui',
  title: 'Admin UIs and dashboards require authentication',
  severity: 'high',
  checklist: ['N8'],
  rationale:
    'Flower, Jupyter, Grafana, Elasticsearch, Prometheus, Redis Commander, Mongo Express and pgAdmin are ' +
    'powerful: they show task payloads, run arbitrary code, read and change data, or reveal the internal ' +
    'topology. Started without authentication, anyone who reaches them (through a published port, a ' +
    'misrouted proxy location, or any compromised container on the same network) owns them, and they are ' +
    'routinely found by internet-wide scanners.',
  remediation:
    'Turn authentication on: Flower `--basic_auth=$FLOWER_USER:$FLOWER_PASSWORD` or `--auth`; Jupyter keep the ' +
    'token or set a hashed password; Grafana `GF_AUTH_ANONYMOUS_ENABLED=false`; Elasticsearch ' +
    '`xpack.security.enabled=true`; Redis Commander `HTTP_USER`/`HTTP_PASSWORD`; Mongo Express ' +
    '`ME_CONFIG_BASICAUTH_USERNAME`/`_PASSWORD`; Prometheus/Alertmanager `--web.config.file` with basic auth, ' +
    'or no published port and an authenticated route on the reverse proxy.',
  references: [
    'https://flower.readthedocs.io/en/latest/auth.html',
    'https://jupyter-server.readthedocs.io/en/latest/operators/security.html',
    'https://prometheus.io/docs/guides/basic-auth/',
    'https://www.elastic.co/guide/en/elasticsearch/reference/current/security-minimal-setup.html',
  ],
  fixable: false,
  run({ model, settings, report }) {
    const classes = new Map(model.services.map((s) => [s, classifyService(s, settings)]));
    const edgeNets = new Set(
      model.services.filter((s) => classes.get(s)!.role === 'edge').flatMap((s) => serviceNetworkNames(s)),
    );
    for (const service of model.services) {
      const cls = classes.get(service)!;
      const problems = problemsOf(service, cls.product);
      if (problems.length === 0) continue;
      const published = service.ports.some((p) => !isLoopbackBinding(p.hostIp));
      const proxied = cls.role !== 'edge' && serviceNetworkNames(service).some((n) => edgeNets.has(n));
      const severity: Severity = published || proxied || cls.role === 'edge' ? 'high' : 'medium';
      const reach = published
        ? 'it publishes a port'
        : cls.role === 'edge'
          ? 'it is the internet-facing proxy'
          : proxied
            ? 'the reverse proxy can reach it'
            : 'any container on its network can reach it';
      // Findings on a command line must not show credentials written next to the problem.
      const secrets = [...commandSecrets(service.entrypoint), ...commandSecrets(service.command)];
      for (const p of problems) {
        report({
          at: p.at,
          key: p.key,
          subject: service.name,
          severity,
          secrets,
          message: `${describeService(service, cls.product ?? cls.role)}: ${p.what}; ${p.reach ?? reach}.`,
        });
      }
    }
  },
});
