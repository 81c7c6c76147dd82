import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadComposeProject } from '../../../src/inputs/compose/load.ts';
import { SourceStore } from '../../../src/inputs/source.ts';
import { lines, project, service } from './helpers.ts';

const roots: string[] = [];
after(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

/** Write files into a fresh temp directory (the real file system path of the loader). */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'bulwark-build-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('build', () => {
  it('reads the Dockerfile from disk and finds the final stage last USER', () => {
    const root = tree({
      'stack/compose.yml': lines('services:', '  app:', '    build: ./app', '  api:', '    build:', '      context: ../api', '      dockerfile: docker/Prod.Dockerfile'),
      'stack/app/Dockerfile': lines('FROM node:20 AS build', 'USER node', 'RUN make', 'FROM gcr.io/distroless/nodejs20', 'USER 1000', 'COPY . .', '  user   app:app'),
      'api/docker/Prod.Dockerfile': lines('FROM alpine AS base', 'USER nobody', 'FROM base'),
    });
    const r = loadComposeProject(['stack/compose.yml'], new SourceStore(root));
    assert.deepEqual(r.errors, []);
    const p = r.project!;
    const app = service(p, 'app');
    assert.equal(app.hasBuild, true);
    assert.deepEqual(app.build, {
      context: 'stack/app',
      dockerfile: 'stack/app/Dockerfile',
      dockerfileRead: true,
      loc: { path: 'stack/compose.yml', line: 3, column: 12, endLine: 3, endColumn: 17 },
      keyPath: 'services.app.build',
      user: { value: 'app:app', loc: { path: 'stack/app/Dockerfile', line: 7, column: 3, endLine: 7, endColumn: 17 } },
    });
    const api = service(p, 'api').build!;
    assert.equal(api.context, 'api');
    assert.equal(api.dockerfile, 'api/docker/Prod.Dockerfile');
    assert.equal(api.dockerfileRead, true);
    assert.equal(api.user, undefined, 'a new stage does not inherit the USER of an earlier stage text');
    assert.deepEqual(p.files, ['stack/compose.yml', 'api/docker/Prod.Dockerfile', 'stack/app/Dockerfile']);
  });

  it('treats a missing Dockerfile as unread, not as an error', () => {
    const p = project({ 'compose.yml': lines('services:', '  app:', '    build: {context: ., dockerfile: Missing}') });
    const b = service(p, 'app').build!;
    assert.deepEqual([b.context, b.dockerfile, b.dockerfileRead, b.user], ['.', 'Missing', false, undefined]);
  });

  it('resolves the context of an extends base relative to the file that declares it', () => {
    const p = project({
      'compose.yml': lines('services:', '  web:', '    extends: {file: base/common.yml, service: common}'),
      'base/common.yml': lines('services:', '  common:', '    build: ./src'),
      'base/src/Dockerfile': lines('FROM scratch', 'USER 65534'),
    });
    const b = service(p, 'web').build!;
    assert.equal(b.context, 'base/src');
    assert.equal(b.user!.value, '65534');
    assert.equal(b.keyPath, 'services.web.build');
    assert.equal(b.loc.path, 'base/common.yml');
  });

  it('does not read a git URL context', () => {
    const p = project({ 'compose.yml': lines('services:', '  app:', '    build: https://github.com/acme/app.git#main') });
    const app = service(p, 'app');
    assert.equal(app.hasBuild, true);
    assert.equal(app.build, undefined);
  });
});
