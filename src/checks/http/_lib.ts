/** What the `http/…` checks share: which response carries the page's headers. */
import type { HttpResponseFacts, HttpSnapshot } from '../../probes/http/snapshot.ts';
import { isRedirect } from '../../probes/http/snapshot.ts';

/**
 * The response whose headers are judged: on HTTPS the page (after same-origin redirects);
 * on plain HTTP only a page served as such. A plain-HTTP redirect carries no page, and
 * one that serves content is reported by http/require-https-redirect first.
 */
export function judgedPage(model: HttpSnapshot): HttpResponseFacts | undefined {
  if (model.scheme === 'https') return model.main;
  return isRedirect(model.first.status) ? undefined : model.main;
}
