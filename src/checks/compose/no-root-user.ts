import { defineCheck, type ReportInput } from '../../core/check.ts';
import type { ComposeProject, ComposeService } from '../../inputs/compose/model.ts';
import { isRootUser, knownImageUser } from './_lib/images.ts';
import { scalarText } from './_lib/hardening.ts';
import { describeService } from './_lib/roles.ts';

export default defineCheck<ComposeProject>({
  id: 'compose/no-root-user',
  title: 'Containers run as a non-root user',
  severity: 'medium',
  checklist: ['D5'],
  rationale:
    'A process running as root in a container is root on the host as far as the kernel is concerned (unless the ' +
    'daemon remaps user namespaces): every kernel bug, mis-mounted path, leaked capability or writable host file is ' +
    'exploitable with uid 0, and inside the container it can read every secret and rewrite the application. ' +
    'The user comes from `user:` in the compose file, else from the last `USER` of the image. Policy: `user: root` ' +
    '(or 0) is always reported; images known to set a non-root USER (grafana/grafana, prom/*, bitnami/*, ' +
    'jupyter/*, nginxinc/nginx-unprivileged, distroless :nonroot, the Elastic images, …) pass; official database ' +
    'and broker images whose entrypoint starts as root only to fix file ownership and then drops to an ' +
    'unprivileged user (postgres, redis, mysql, mariadb, mongo, rabbitmq, …) are reported at info; a service ' +
    'built here is judged by its Dockerfile\'s final USER (reported on that line when it is root, on the service ' +
    'when there is none); any other image is assumed to run as root, Docker\'s default. The list of known images ' +
    'is in src/checks/compose/_lib/images.ts.',
  remediation:
    'Run the service as an unprivileged user, in the compose file or, better, in the image:\n' +
    '```yaml\n' +
    'services:\n' +
    '  web:\n' +
    '    user: "1000:1000"\n' +
    '```\n' +
    '```dockerfile\n' +
    'RUN useradd --uid 10001 --no-create-home app\n' +
    'USER app\n' +
    '```\n' +
    'Give the user ownership of the paths it writes (volumes, tmpfs with `uid=`). For images whose entrypoint drops ' +
    'privileges, `user:` with the image\'s own uid (e.g. `user: "999:999"` for postgres and redis) skips the root ' +
    'phase entirely once the data directory belongs to that uid. Where root is truly required, say so with ' +
    '`# bulwark-ignore compose/no-root-user -- <reason>`.',
  references: [
    'CIS Docker Benchmark 4.1 (Ensure that a user for the container has been created)',
    'https://docs.docker.com/reference/compose-file/services/#user',
    'https://docs.docker.com/reference/dockerfile/#user',
    'https://docs.docker.com/build/building/best-practices/#user',
  ],
  fixable: false,
  run({ model, report }) {
    for (const service of model.services) {
      const who = describeService(service);
      const user = scalarText(service.user);
      if (service.user && user.split(':')[0] !== '') {
        if (isRootUser(user)) {
          report({ at: service.user, subject: service.name, message: `${who} runs as root: \`user: ${user}\`.` });
        }
        continue;
      }
      // An empty `user:` (an unset variable) leaves the image's user in force.
      const emptyNote = service.user ? ' (its `user:` is empty after interpolation)' : '';
      judgeDefaultUser(service, who, emptyNote, report);
    }
  },
});

/** No `user:` in the compose file: the image (or the Dockerfile built here) decides. */
function judgeDefaultUser(service: ComposeService, who: string, emptyNote: string, report: (input: ReportInput) => void): void {
  const subject = service.name;
  if (service.hasBuild) {
    const build = service.build;
    if (build?.user) {
      // `USER $APP_USER` depends on a build argument we do not evaluate.
      if (build.user.value.includes('$') || !isRootUser(build.user.value)) return;
      report({
        at: build.user.loc,
        subject,
        message: `${who} is built from ${build.dockerfile}, whose final stage sets \`USER ${build.user.value}\`${emptyNote}.`,
      });
    } else if (!build || !build.dockerfileRead) {
      // A remote context, a Dockerfile outside the scan or a missing one: we cannot tell, so say so at low.
      const which = build ? `its Dockerfile (${build.dockerfile}) could not be read` : 'its build context is not in the scanned files';
      report({
        at: service,
        subject,
        severity: 'low',
        message: `${who} sets no \`user:\`${emptyNote} and ${which}: it runs as root unless that Dockerfile sets USER.`,
      });
    } else {
      report({
        at: service,
        subject,
        message: `${who} sets no \`user:\`${emptyNote} and its Dockerfile (${build.dockerfile}) has no USER in the final stage, so it runs as root.`,
      });
    }
    return;
  }
  if (!service.image || service.image.value === '') {
    report({ at: service, subject, message: `${who} sets no \`user:\`${emptyNote} and names no image, so it runs as root.` });
    return;
  }
  const image = service.image.value;
  const known = knownImageUser(service.image);
  if (known?.kind === 'non-root') return;
  if (known?.kind === 'drops-privileges') {
    report({
      at: service,
      subject,
      severity: 'info',
      message: `${who} sets no \`user:\`${emptyNote}; image ${image} starts as root and its entrypoint drops to the unprivileged user ${known.user}. Set \`user:\` to skip the root phase.`,
    });
    return;
  }
  report({ at: service, subject, message: `${who} sets no \`user:\`${emptyNote}; image ${image} runs as root by default.` });
}
