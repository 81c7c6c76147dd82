import { defineCheck } from '../../core/check.ts';
import type { ComposeProject } from '../../inputs/compose/model.ts';
import { describeService } from './_lib/roles.ts';

export default defineCheck<ComposeProject>({
  id: 'compose/require-image-digest',
  title: 'Images are pinned by digest',
  severity: 'low',
  checklist: ['D8', 'D9'],
  rationale:
    'A tag is a mutable pointer: the publisher (or whoever steals their registry credentials) can push different ' +
    'content under `postgres:16.4`, and most official images re-push their tags for every base-image rebuild. Only ' +
    'a digest (`@sha256:…`) names exact bytes, so the image that was reviewed and scanned is the one that runs on ' +
    'every host, and a vulnerability scan of it stays valid. Severity is low because a version tag already ' +
    'prevents surprise upgrades; the digest closes the tampering gap. Services with `build:` are skipped: their ' +
    'image is built here.',
  remediation:
    'Add the digest after the tag (the tag stays for humans and update bots). Find it with ' +
    '`docker buildx imagetools inspect postgres:16.4` or `docker inspect --format "{{index .RepoDigests 0}}" postgres:16.4`:\n' +
    '```yaml\n' +
    'services:\n' +
    '  db:\n' +
    '    image: postgres:16.4@sha256:<64 hex digits>\n' +
    '```\n' +
    'Renovate (`pinDigests: true`) keeps digests up to date.',
  references: [
    'CIS Docker Benchmark 4.2 (Ensure that containers use only trusted base images)',
    'https://docs.docker.com/reference/compose-file/services/#image',
    'https://docs.docker.com/reference/cli/docker/image/pull/#pull-an-image-by-digest-immutable-identifier',
  ],
  fixable: false,
  run({ model, report }) {
    for (const service of model.services) {
      const image = service.image;
      if (!image || service.hasBuild || image.digest || image.value === '') continue;
      report({
        at: image,
        subject: service.name,
        message: `${describeService(service)} uses image ${image.value} by tag only, without an @sha256 digest.`,
      });
    }
  },
});
