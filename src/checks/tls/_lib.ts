/** What the `tls/…` checks share: the certificates worth judging in a probed chain. */
import type { ReportInput } from '../../core/check.ts';
import { targetLocation } from '../../core/location.ts';
import { severityRank } from '../../core/severity.ts';
import type { Severity } from '../../core/severity.ts';
import type { ProbedCertificate, TlsSnapshot } from '../../probes/tls/snapshot.ts';

/**
 * The leaf and the intermediates the server sent. A self-signed CA after the leaf is a
 * trust anchor some servers send along: clients use their own copy, so its dates,
 * signature and key are not the server's problem.
 */
export function servedCertificates(model: TlsSnapshot): Array<{ cert: ProbedCertificate; position: string }> {
  const chain = model.certificate?.chain ?? [];
  return chain
    .map((cert, i) => ({ cert, position: i === 0 ? 'leaf certificate' : `chain certificate ${i + 1}` }))
    .filter(({ cert }, i) => i === 0 || !(cert.selfSigned && cert.ca));
}

export interface CertificateProblem {
  subject: string;
  message: string;
  severity?: Severity;
}

/** One finding per subject (`expired`, `rsa-1024`, …): several certificates with the same problem share it, the worst severity wins. */
export function reportBySubject(report: (input: ReportInput) => void, model: TlsSnapshot, problems: readonly CertificateProblem[]): void {
  const groups = new Map<string, CertificateProblem[]>();
  for (const p of problems) groups.set(p.subject, [...(groups.get(p.subject) ?? []), p]);
  for (const [subject, group] of groups) {
    const severities = group.map((p) => p.severity).filter((s): s is Severity => s !== undefined);
    const worst = severities.length === group.length ? severities.reduce((a, b) => (severityRank(b) > severityRank(a) ? b : a)) : undefined;
    report({
      at: targetLocation(model.target),
      key: subject,
      subject,
      ...(worst ? { severity: worst } : {}),
      message: group.map((p) => p.message).join(' '),
    });
  }
}
