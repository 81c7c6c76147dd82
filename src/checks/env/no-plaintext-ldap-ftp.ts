import { defineCheck } from '../../core/check.ts';
import type { EnvUnit } from '../../inputs/env/settings.ts';
import { messageAvoiding } from '../_shared/credentials.ts';
import { findUrls, isLocalHost } from '../_shared/urls.ts';
import { firstSet, inService, isTruthy } from './_lib.ts';

/** StartTLS on an `ldap://` connection: django-auth-ldap `AUTH_LDAP_START_TLS`, Flask-LDAP3-Login, python-ldap apps, GitLab/Authentik-style `LDAP_*`. */
const START_TLS = ['AUTH_LDAP_START_TLS', 'LDAP_START_TLS', 'LDAP_STARTTLS', 'LDAP_USE_STARTTLS', 'LDAP_STARTTLS_ENABLED', 'LDAP_USE_TLS', 'LDAP_TLS', 'LDAP_ENABLE_TLS'];
/** A bind password makes the cleartext connection carry a credential. */
const BIND_PASSWORD = ['AUTH_LDAP_BIND_PASSWORD', 'LDAP_BIND_PASSWORD', 'LDAP_BIND_CREDENTIALS', 'LDAP_PASSWORD', 'LDAP_BIND_PW'];

export default defineCheck<EnvUnit>({
  id: 'env/no-plaintext-ldap-ftp',
  title: 'LDAP and FTP connections are encrypted (ldaps://, ftps://, sftp://)',
  severity: 'medium',
  checklist: ['E8', 'E7'],
  rationale:
    'LDAP binds send the service account\'s password, and every user login the application checks against the ' +
    'directory, in cleartext over `ldap://`; FTP sends its user, password and files in cleartext over `ftp://`. ' +
    'Anyone on the path collects directory credentials that usually open much more than this application.\n\n' +
    'Read: every `ldap://` and `ftp://` URL in any variable (`AUTH_LDAP_SERVER_URI` for django-auth-ldap, ' +
    '`LDAP_URL`, `LDAP_HOST`, `LDAP_SERVER`, `FTP_URL`, …), except hosts that are this machine. An `ldap://` URL ' +
    'passes when the unit turns StartTLS on (`AUTH_LDAP_START_TLS`, `LDAP_START_TLS`, `LDAP_STARTTLS`, ' +
    '`LDAP_USE_STARTTLS`, `LDAP_USE_TLS`, `LDAP_TLS`); it is high when a bind password is set ' +
    '(`AUTH_LDAP_BIND_PASSWORD`, `LDAP_BIND_PASSWORD`, `LDAP_PASSWORD`, …). Development, test and template files are not judged.',
  remediation:
    'Use the TLS variants: `ldaps://ldap.example.com:636` (or StartTLS with `AUTH_LDAP_START_TLS=true`), and ' +
    '`ftps://` or `sftp://` for file transfer:\n' +
    '```dotenv\nAUTH_LDAP_SERVER_URI=ldaps://ldap.example.com:636\nFTP_URL=sftp://backup@files.example.com/incoming\n```',
  references: ['https://django-auth-ldap.readthedocs.io/en/latest/reference.html#auth-ldap-start-tls', 'https://datatracker.ietf.org/doc/html/rfc4513#section-3'],
  fixable: false,
  run({ model, report }) {
    if (model.example || model.production === 'no') return;
    const startTls = firstSet(model, START_TLS);
    const bind = firstSet(model, BIND_PASSWORD);
    for (const setting of model.settings) {
      // Scheme and host are judged even when a `${VAR}` in the URL (the password) is unset here.
      const value = setting.value;
      if (!value) continue;
      for (const url of findUrls(value)) {
        const host = url.hosts[0] ?? '';
        if (isLocalHost(host)) continue;
        const secrets = url.password ? [url.password] : [];
        if (url.scheme === 'ldap') {
          if (startTls && isTruthy(startTls.value)) continue;
          report({
            at: setting,
            key: `${setting.name}:${url.index}`,
            secrets,
            severity: bind && bind.value.trim() !== '' ? 'high' : 'medium',
            message: messageAvoiding(secrets,
              `${setting.name}${inService(model)} connects to the directory at "${host}" over cleartext ldap://${bind && bind.value.trim() !== '' ? ` and binds with ${bind.setting.name}` : ''}; use ldaps:// or StartTLS.`,
              `${setting.name} connects to the directory over cleartext ldap://; use ldaps:// or StartTLS.`),
          });
        } else if (url.scheme === 'ftp') {
          report({
            at: setting,
            key: `${setting.name}:${url.index}`,
            secrets,
            message: messageAvoiding(secrets,
              `${setting.name}${inService(model)} connects to "${host}" over cleartext ftp://; use ftps:// or sftp://.`,
              `${setting.name} connects over cleartext ftp://; use ftps:// or sftp://.`),
          });
        }
      }
    }
  },
});
