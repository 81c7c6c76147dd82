import { defineCheck } from '../../core/check.ts';
import type { ComposeProject, ImageRef } from '../../inputs/compose/model.ts';
import { describeService } from './_lib/roles.ts';

/** Names of variables in the image reference that were unset and had no default. */
function unsetVariables(image: ImageRef): string[] {
  return (image.node.vars ?? []).filter((v) => v.source === 'unset' && !v.usedDefault).map((v) => v.name);
}

export default defineCheck<ComposeProject>({
  id: 'compose/no-latest-image',
  title: 'Images are pinned to a version, not latest',
  severity: 'medium',
  checklist: ['D8'],
  rationale:
    'An image without a tag means `:latest`, and `:latest` is whatever the publisher pushed last: the next ' +
    '`docker compose pull` or a fresh host silently runs a different version, possibly a new major release that ' +
    'migrates or breaks data, or an image pushed by an attacker who took over the publisher\'s account. Nobody ' +
    'reviewed that change, two hosts run different code under one name, vulnerability scans are not reproducible ' +
    'and a rollback has nothing to go back to. Services with `build:` are skipped: their `image:` names the image ' +
    'built here.',
  remediation:
    'Pin a specific version, ideally with its digest (see compose/require-image-digest), and update deliberately ' +
    '(Renovate and Dependabot understand compose files):\n' +
    '```yaml\n' +
    'services:\n' +
    '  db:\n' +
    '    image: postgres:16.4-bookworm\n' +
    '    # or: image: postgres:16.4-bookworm@sha256:<digest>\n' +
    '```',
  references: [
    'CIS Docker Benchmark 4.2 (Ensure that containers use only trusted base images)',
    'https://docs.docker.com/reference/compose-file/services/#image',
    'https://docs.docker.com/build/building/best-practices/#pin-base-image-versions',
  ],
  fixable: false,
  run({ model, report }) {
    for (const service of model.services) {
      const image = service.image;
      if (!image || service.hasBuild || image.digest || image.value === '') continue;
      const tag = image.tag ?? '';
      if (tag !== '' && tag.toLowerCase() !== 'latest') continue;
      const unset = unsetVariables(image);
      const why = unset.length > 0
        ? ` (variable${unset.length > 1 ? 's' : ''} ${unset.join(', ')} unset, so the tag is empty)`
        : tag === '' ? ' (no tag means latest)' : '';
      report({
        at: image,
        subject: service.name,
        message: `${describeService(service)} uses image ${image.value} without a pinned version${why}.`,
      });
    }
  },
});
