/**
 * How the TLS probe decides trust: OpenSSL's verdict where it settles the question, its
 * own chain walk (dates aside) where it does not, so an expired certificate from a
 * trusted CA is "expired", not "untrusted". Certificates come from the openssl CLI.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { judgeTrust, verifyChain } from '../../src/probes/tls/retrieve.ts';

let dir: string;
let ca: X509Certificate;
let otherCa: X509Certificate;
let expiredLeaf: X509Certificate;
let selfSigned: X509Certificate;

function openssl(args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function makeCa(name: string): X509Certificate {
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '30', '-subj', `/CN=${name}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign']);
  return new X509Certificate(readFileSync(join(dir, `${name}.pem`)));
}

describe('TLS trust judgement', () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'bulwark-trust-'));
    ca = makeCa('ca');
    otherCa = makeCa('other');
    // An expired leaf signed by `ca`: `openssl ca` is the 3.0 command that takes explicit dates.
    writeFileSync(join(dir, 'ca.cnf'), '[ca]\ndefault_ca=l\n[l]\ndir=.\ndatabase=index.txt\nnew_certs_dir=.\nserial=serial\ndefault_md=sha256\npolicy=p\nunique_subject=no\n[p]\ncommonName=supplied\n');
    writeFileSync(join(dir, 'index.txt'), '');
    writeFileSync(join(dir, 'serial'), '01\n');
    openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'leaf.key', '-subj', '/CN=app.example.org', '-out', 'leaf.csr']);
    openssl(['ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-in', 'leaf.csr', '-startdate', '20200101000000Z', '-enddate', '20210101000000Z', '-notext', '-out', 'leaf.pem']);
    expiredLeaf = new X509Certificate(readFileSync(join(dir, 'leaf.pem')));
    openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'self.key', '-out', 'self.pem', '-days', '30', '-subj', '/CN=self.example.org']);
    selfSigned = new X509Certificate(readFileSync(join(dir, 'self.pem')));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('trusts what OpenSSL verified', () => {
    assert.deepEqual(judgeTrust([expiredLeaf], [], undefined), { trusted: true });
  });

  it('calls an expired certificate from a trusted CA trusted (expiry is its own check), and untrusted without that CA', () => {
    assert.deepEqual(judgeTrust([expiredLeaf], [ca], 'CERT_HAS_EXPIRED'), { trusted: true });
    const without = judgeTrust([expiredLeaf], [otherCa], 'CERT_HAS_EXPIRED');
    assert.equal(without.trusted, false);
    assert.match((without as { reason: string }).reason, /no trusted issuer found for "CN=ca"/);
  });

  it('follows intermediates the server sends', () => {
    assert.deepEqual(verifyChain([expiredLeaf, ca], [ca]), { trusted: true });
    assert.equal(verifyChain([expiredLeaf, ca], []).trusted, false);
  });

  it('calls a self-signed leaf self-signed unless it is one of the given CAs', () => {
    assert.deepEqual(judgeTrust([selfSigned], [], 'CERT_HAS_EXPIRED'), { trusted: false, reason: 'self-signed certificate' });
    assert.deepEqual(judgeTrust([selfSigned], [selfSigned], 'DEPTH_ZERO_SELF_SIGNED_CERT'), { trusted: true });
  });

  it('takes OpenSSL at its word when the issuer is missing', () => {
    assert.deepEqual(judgeTrust([expiredLeaf], [], 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'), { trusted: false, reason: 'no trusted issuer (UNABLE_TO_GET_ISSUER_CERT_LOCALLY)' });
  });
});
