/**
 * Certificate parsing and the expiry window. Committed fixtures cannot hold a certificate
 * that expires "within 30 days" for long, so that case is generated here with openssl
 * (skipped when openssl is missing) and also checked on a model with a computed date.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import expiry from '../../src/checks/tls-files/no-expired-certificate.ts';
import { isPublicName } from '../../src/checks/_shared/certificates.ts';
import type { ReportInput } from '../../src/core/check.ts';
import { parsePem } from '../../src/inputs/tls-files/load.ts';
import { signatureOid } from '../../src/inputs/tls-files/x509.ts';
import type { TlsCertificate, TlsFiles } from '../../src/inputs/tls-files/load.ts';
import { X509Certificate } from 'node:crypto';
import { CHECKS_DIR } from './fixture-cases.ts';

const DAY = 86_400_000;
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function run(model: TlsFiles): ReportInput[] {
  const out: ReportInput[] = [];
  expiry.run({ model, settings: { edgeServices: [] }, facts: {}, report: (r) => out.push(r) });
  return out;
}

function parse(text: string): TlsFiles {
  const model: TlsFiles = { kind: 'tls-files', path: 'x.pem', certificates: [], privateKeys: [], onHost: false };
  const errors: unknown[] = [];
  parsePem(text, 'x.pem', model, errors as never);
  assert.deepEqual(errors, []);
  return model;
}

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('tls-files parsing', () => {
  it('reads the signature algorithm from the DER and flags SHA-1', () => {
    const text = readFileSync(join(CHECKS_DIR, 'tls-files/fixtures/no-weak-signature/positive.crt'), 'utf8');
    const model = parse(text);
    assert.equal(model.certificates[0]!.signatureAlgorithm, 'sha1WithRSAEncryption');
    assert.equal(model.certificates[0]!.weakDigest, 'sha1');
    assert.equal(model.certificates[0]!.loc.line, 3);
    const der = new X509Certificate(text.slice(text.indexOf('-----BEGIN'))).raw;
    assert.equal(signatureOid(der), '1.2.840.113549.1.1.5');
  });

  it('records private keys without their contents, and a chain certificate by certificate', () => {
    const model = parse(readFileSync(join(CHECKS_DIR, 'tls-files/fixtures/no-committed-private-key/positive/backup.pem'), 'utf8'));
    assert.deepEqual(model.privateKeys.map((k) => [k.label, k.encrypted]), [['ENCRYPTED PRIVATE KEY', true]]);
    assert.ok(!JSON.stringify(model).includes('MII'), 'no key material in the model');
    const chain = parse(readFileSync(join(CHECKS_DIR, 'tls-files/fixtures/no-weak-certificate-key/negative.crt'), 'utf8'));
    assert.deepEqual(chain.certificates.map((c) => [c.key.type, c.key.bits]), [['rsa', 2048], ['ec', 256]]);
  });

  it('tells public names from internal ones', () => {
    assert.ok(isPublicName('app.example.com'));
    assert.ok(isPublicName('*.example.org'));
    assert.ok(isPublicName('203.0.113.9'));
    for (const n of ['localhost', 'app.internal', 'db.local', '10.0.0.5', '192.168.1.1', 'api', 'svc.cluster.local']) assert.ok(!isPublicName(n), n);
  });
});

describe('tls-files/no-expired-certificate window', () => {
  const base = (notAfter: Date): TlsCertificate => ({
    loc: { path: 'c.crt', line: 1, column: 1 }, keyPath: 'cert[0]', index: 0, subject: 'CN=app.example.com', issuer: 'CN=CA',
    names: ['app.example.com'], notBefore: new Date(0), notAfter, selfSigned: false, ca: false, key: { type: 'rsa', bits: 2048 }, signatureAlgorithm: 'sha256WithRSAEncryption',
  });
  const model = (c: TlsCertificate): TlsFiles => ({ kind: 'tls-files', path: 'c.crt', certificates: [c], privateKeys: [], onHost: false });

  it('is medium inside 30 days, silent beyond, high once expired', () => {
    const soon = run(model(base(new Date(Date.now() + 10 * DAY))));
    assert.equal(soon.length, 1);
    assert.equal(soon[0]!.severity, 'medium');
    assert.match(soon[0]!.message, /expires in (9|10) days/);
    assert.deepEqual(run(model(base(new Date(Date.now() + 45 * DAY)))), []);
    const gone = run(model(base(new Date(Date.now() - DAY))));
    assert.equal(gone[0]!.severity, undefined);
    assert.match(gone[0]!.message, /expired on/);
  });

  it('flags a real certificate that openssl issues for 10 days', { skip: !hasOpenssl() && 'openssl not installed' }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-cert-'));
    dirs.push(dir);
    const cnf = join(dir, 'req.cnf');
    writeFileSync(cnf, '[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = soon.example.com\n[leaf]\nbasicConstraints = critical,CA:FALSE\n');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '10', '-config', cnf, '-extensions', 'leaf'], { stdio: 'ignore' });
    const found = run(parse(readFileSync(join(dir, 'c.pem'), 'utf8')));
    assert.equal(found.length, 1);
    assert.equal(found[0]!.severity, 'medium');
    assert.match(found[0]!.message, /soon\.example\.com expires in (9|10) days/);
  });
});
