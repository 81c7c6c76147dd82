import { posix } from 'node:path';
import { defineCheck } from '../../core/check.ts';
import type { ComposeService, ComposeProject, VolumeMount } from '../../inputs/compose/model.ts';
import { describeService } from './_lib/roles.ts';

/** Directory names that hold application code by near-universal convention. */
const CODE_DIRS = new Set(['src', 'app', 'lib', 'code', 'source', 'backend', 'frontend', 'server', 'api', 'web', 'www', 'html']);

/** Compose files meant for development, where live-reload mounts are expected. */
const DEV_FILE = /(^|[._-])(override|dev|development|local)([._-]|$)/i;

/** True when `inner` is `outer` or lies below it (both relative to the scan root). */
function within(outer: string, inner: string): boolean {
  const r = posix.relative(outer, inner);
  return r === '' || (!r.startsWith('..') && !posix.isAbsolute(r));
}

/** Why a relative bind source is source code, or undefined when it is not. */
function sourceTreeReason(service: ComposeService, mount: VolumeMount): string | undefined {
  const source = mount.source;
  if (!source || posix.isAbsolute(source) || source.startsWith('~') || /^[A-Za-z]:[\\/]/.test(source)) return undefined;
  // Relative sources are relative to the compose file they are written in.
  const fileDir = posix.dirname(mount.loc.path);
  const resolved = posix.normalize(posix.join(fileDir, source));
  if (resolved === fileDir) return 'the project directory';
  if (within(resolved, fileDir)) return 'a parent of the project directory';
  const context = service.build ? posix.normalize(service.build.context) : undefined;
  if (context !== undefined && within(resolved, context)) return 'the build context';
  const parent = posix.dirname(resolved);
  if (CODE_DIRS.has(posix.basename(resolved)) && (parent === fileDir || parent === context)) return 'a source directory';
  return undefined;
}

export default defineCheck<ComposeProject>({
  id: 'compose/no-writable-source-mount',
  title: 'The project source tree is not mounted writable into containers',
  severity: 'medium',
  checklist: ['D6', 'D3'],
  rationale:
    'A read-write bind mount of the project directory, the build context or a code directory (`.`, `..`, `./src`, ' +
    '`./app`) lets the container change the code it runs, and code on the host that other things run: an attacker ' +
    'who gets a foothold in the service edits the application (dev servers and `--reload` pick the change up at ' +
    'once), the compose file, `.git/hooks` or CI scripts, and the change survives rebuilds and reaches other ' +
    'developers. It also exposes everything else in the tree, such as `.env` files. It defeats `read_only: true` ' +
    'for the part of the filesystem that matters most. Live-reload mounts belong in a development override, ' +
    'read-only; in files named like one (override, dev, local) the finding is reported at low.',
  remediation:
    'Bake the code into the image for deployments, and make development mounts read-only:\n' +
    '```yaml\n' +
    'services:\n' +
    '  api:\n' +
    '    build: .\n' +
    '    volumes:\n' +
    '      - ./src:/app/src:ro       # live reload still works, the container cannot write back\n' +
    '      - api-cache:/app/.cache   # writable paths get their own volume\n' +
    '```\n' +
    'Long syntax: `read_only: true` on the `type: bind` entry.',
  references: [
    'CIS Docker Benchmark 5.12 (root filesystem read-only) and 5.5 (sensitive host directories)',
    'https://docs.docker.com/engine/storage/bind-mounts/#use-a-read-only-bind-mount',
    'https://docs.docker.com/reference/compose-file/services/#volumes',
  ],
  fixable: false,
  run({ model, report }) {
    for (const service of model.services) {
      for (const mount of service.volumes) {
        if (mount.type !== 'bind' || mount.readOnly) continue;
        const reason = sourceTreeReason(service, mount);
        if (!reason) continue;
        const devFile = DEV_FILE.test(posix.basename(mount.loc.path));
        report({
          at: mount,
          subject: service.name,
          severity: devFile ? 'low' : undefined,
          message:
            `${describeService(service)} mounts ${reason} ("${mount.source}") read-write at ${mount.target}: the container can modify ` +
            `the code it runs.${devFile ? ' This looks like a development file; add `:ro` anyway.' : ' Add `:ro`, or bake the code into the image.'}`,
        });
      }
    }
  },
});
