import { defineCheck } from '../../core/check.ts';
import type { NginxConfig } from '../../inputs/nginx/model.ts';
import { allLocations } from '../../inputs/nginx/model.ts';
import { describeScope, isProtected, proxyOf, publicListens, serverShortCircuits, upstreamHosts } from './_lib.ts';

const ADMIN_NAMES = 'flower|grafana|prometheus|alertmanager|kibana|jupyter|jupyterhub|notebooks?|phpmyadmin|pgadmin4?|adminer|rabbitmq|portainer|traefik|elasticsearch|opensearch|netdata|mongo-express|redis-commander|redisinsight|minio-console|airflow|superset|metabase';
const ADMIN_PATH = new RegExp(`(?:^|[/^(|])(?:admin|${ADMIN_NAMES})(?:[/$)|_-]|$)`, 'i');
const ADMIN_HOST = new RegExp(`^(?:${ADMIN_NAMES})(?:[-_.\\d]|$)`, 'i');

export default defineCheck<NginxConfig>({
  id: 'nginx/no-public-admin-ui',
  title: 'Admin interfaces behind the proxy require authentication or an allow-list',
  severity: 'medium',
  checklist: ['N8'],
  rationale:
    'Flower, Grafana, Prometheus, Kibana, Jupyter, phpMyAdmin, RabbitMQ management and application `/admin` pages ' +
    'control the stack: Flower can revoke and replay tasks, Jupyter runs code, Prometheus and Kibana expose every label ' +
    'and log line. Proxied to the internet without `auth_basic`, `auth_request` or an `allow … deny all` list, they rely ' +
    'on the application\'s own login alone (and many ship with none, or with default credentials).',
  remediation:
    'Restrict the location to the admin network or VPN, and/or put authentication in front of it:\n\n' +
    '    location /flower/ {\n        allow 10.8.0.0/24;   # VPN\n        deny all;\n' +
    '        auth_basic "admin";\n        auth_basic_user_file /etc/nginx/htpasswd;\n        proxy_pass http://flower:5555;\n    }',
  references: ['https://nginx.org/en/docs/http/ngx_http_access_module.html', 'https://nginx.org/en/docs/http/ngx_http_auth_basic_module.html', 'https://nginx.org/en/docs/http/ngx_http_auth_request_module.html'],
  fixable: false,
  run({ model, report }) {
    for (const server of model.servers) {
      if (publicListens(server).length === 0 || serverShortCircuits(server)) continue;
      for (const l of allLocations(server)) {
        if (l.modifier === '@' || isProtected(l)) continue;
        const proxy = proxyOf(l);
        const target = proxy?.args[0]?.value ?? '';
        const up = proxy ? upstreamHosts(model, target) : undefined;
        const byHost = up !== undefined && [up.host, ...up.hosts].some((h) => ADMIN_HOST.test(h));
        if (!ADMIN_PATH.test(l.path) && !byHost) continue;
        if (!proxy && l.own('root').length === 0 && l.own('alias').length === 0 && !ADMIN_PATH.test(l.path)) continue;
        report({ at: l, message: `${describeScope(l)}${proxy ? ` (${target})` : ''} looks like an admin interface and is open to anyone: no allow/deny, auth_basic or auth_request in force` });
      }
    }
  },
});
