#!/usr/bin/env node
/**
 * The MDN HTTP Observatory scan for a host with explicit ports:
 *   NODE_EXTRA_CA_CERTS=ca.pem node bench/observatory/scan.mjs 127.0.0.1 <httpsPort> [httpPort]
 *
 * Why not the package's own CLI (`mdn-http-observatory-scan <hostname>`): it calls
 * `scan(hostname)`, which calls `retrieve(hostname)` without options, so it can only
 * probe ports 80 and 443. `127.0.0.1:PORT` as the hostname gets the HTTPS side right but
 * sends the plain-HTTP request to the TLS port too, which breaks the redirection test.
 * The retriever itself takes `{ httpPort, httpsPort }` (src/retriever/url.js); this file
 * is the CLI's `scan()` with that one change: same retriever, same analyzers (ALL_TESTS),
 * same grader, same JSON shape (`{ scan, tests }`). The package's bin wrapper also
 * overwrites NODE_EXTRA_CA_CERTS with Mozilla's bundle; here the caller's value is kept,
 * so a test CA can be trusted.
 */
import { MINIMUM_SCORE_FOR_EXTRA_CREDIT } from '@mdn/mdn-http-observatory/src/grader/charts.js';
import { getGradeForScore, getScoreModifier } from '@mdn/mdn-http-observatory/src/grader/grader.js';
import { retrieve } from '@mdn/mdn-http-observatory/src/retriever/retriever.js';
import { ALGORITHM_VERSION, ALL_TESTS, NUM_TESTS } from '@mdn/mdn-http-observatory/src/constants.js';

const [host, httpsPort, httpPort] = process.argv.slice(2);
if (!host || !httpsPort) {
  console.error('usage: scan.mjs <host> <httpsPort> [httpPort]');
  process.exit(2);
}

try {
  const r = await retrieve(host, { httpsPort, httpPort: httpPort ?? '' });
  if (!r.responses.auto) throw new Error('The site seems to be down.');
  const { status } = r.responses.auto;
  if (status < 200 || (status >= 400 && ![401, 403].includes(status))) {
    throw new Error(`Site did respond with an unexpected HTTP status code ${status}.`);
  }
  const results = ALL_TESTS.map((test) => test(r));
  let passed = 0;
  let withExtraCredit = 100;
  let uncurved = 100;
  for (const result of results) {
    if (!result.result) continue;
    result.scoreModifier = getScoreModifier(result.result);
    passed += result.pass ? 1 : 0;
    withExtraCredit += result.scoreModifier;
    if (result.scoreModifier < 0) uncurved += result.scoreModifier;
  }
  const final = getGradeForScore(uncurved >= MINIMUM_SCORE_FOR_EXTRA_CREDIT ? withExtraCredit : uncurved);
  const tests = Object.fromEntries(results.map((result) => [result.constructor.name, result]));
  const scan = {
    algorithmVersion: ALGORITHM_VERSION,
    grade: final.grade,
    error: null,
    score: final.score,
    statusCode: status,
    testsFailed: NUM_TESTS - passed,
    testsPassed: passed,
    testsQuantity: NUM_TESTS,
    responseHeaders: { ...r.responses.auto.headers },
  };
  console.log(JSON.stringify({ scan, tests }, null, 2));
} catch (e) {
  console.log(JSON.stringify({ error: e instanceof Error ? e.message : String(e) }));
  process.exit(1);
}
