import { defineCheck } from '../../core/check.ts';
import type { ComposeProject, YScalar } from '../../inputs/compose/model.ts';
import { scalarText } from './_lib/hardening.ts';
import { describeService } from './_lib/roles.ts';

/**
 * The value a `security_opt` entry gives no-new-privileges, or undefined when the entry is
 * about something else. Docker accepts `:` or `=` and parses the value with Go's
 * strconv.ParseBool; the bare option means true.
 */
function noNewPrivileges(node: YScalar): boolean | 'invalid' | undefined {
  const m = /^no-new-privileges(?:\s*[:=]\s*(.*))?$/i.exec(scalarText(node));
  if (!m) return undefined;
  if (m[1] === undefined) return true;
  if (['1', 't', 'true'].includes(m[1].toLowerCase())) return true;
  if (['0', 'f', 'false'].includes(m[1].toLowerCase())) return false;
  return 'invalid';
}

export default defineCheck<ComposeProject>({
  id: 'compose/require-no-new-privileges',
  title: 'Containers set no-new-privileges',
  severity: 'medium',
  checklist: ['D2'],
  rationale:
    'Without no-new-privileges a process in the container can gain privileges by executing a setuid or setgid ' +
    'binary (su, sudo, ping, a planted one) or a file with capabilities: a compromised web process running as an ' +
    'unprivileged user can become root inside the container and then use every capability the container kept. ' +
    'The flag sets the kernel\'s PR_SET_NO_NEW_PRIVS for the container, so execve never grants more than the parent ' +
    'had. It costs nothing for services that do not rely on setuid helpers.',
  remediation:
    'Add the option to every service (a YAML anchor keeps it in one place):\n' +
    '```yaml\n' +
    'x-hardening: &hardening\n' +
    '  security_opt:\n' +
    '    - no-new-privileges:true\n' +
    'services:\n' +
    '  web:\n' +
    '    <<: *hardening\n' +
    '```\n' +
    'Setting `"no-new-privileges": true` in the daemon\'s daemon.json applies it to every container on the host.',
  references: [
    'CIS Docker Benchmark 5.25 (Ensure that the container is restricted from acquiring additional privileges)',
    'https://docs.docker.com/reference/compose-file/services/#security_opt',
    'https://docs.docker.com/reference/cli/docker/container/run/#security-opt',
    'https://www.kernel.org/doc/html/latest/userspace-api/no_new_privs.html',
  ],
  fixable: false,
  run({ model, report }) {
    for (const service of model.services) {
      const who = describeService(service);
      let mentioned = false;
      for (const node of service.securityOpt) {
        const value = noNewPrivileges(node);
        if (value !== undefined) mentioned = true;
        if (value === false || value === 'invalid') {
          report({
            at: node,
            subject: service.name,
            message: value === false
              ? `${who} explicitly turns no-new-privileges off, so setuid binaries can raise privileges.`
              : `${who} sets "${scalarText(node)}", which Docker does not read as no-new-privileges:true.`,
          });
        }
      }
      if (!mentioned) {
        report({ at: service, subject: service.name, message: `${who} does not set \`security_opt: [no-new-privileges:true]\`.` });
      }
    }
  },
});
