import { defineCheck } from '../../core/check.ts';
import { AUDITD_PLACES } from '../../inputs/auditd/load.ts';
import type { AuditdModel } from '../../inputs/auditd/load.ts';

export default defineCheck<AuditdModel>({
  id: 'auditd/require-enabled',
  title: 'auditd starts at boot and is running',
  severity: 'low',
  checklist: ['H4'],
  rationale:
    'An installed but disabled (or masked) auditd records nothing; one started by hand stops recording at the next ' +
    'reboot, which is exactly when an attacker who changed the boot configuration wants it gone. Lynis checks the ' +
    'running daemon (ACCT-9628) and CIS checks "enabled and active"; both treat it as hardening, not as an exposure, hence low.',
  remediation: 'Run `systemctl unmask auditd; systemctl enable --now auditd` (this creates the `multi-user.target.wants/auditd.service` link), then check with `systemctl is-active auditd` and `auditctl -s`.',
  references: ['Lynis ACCT-9628', 'CIS Debian Linux 12 Benchmark v1.1.0 6.2.1.2 (auditd service enabled and active, Level 2)', 'https://www.freedesktop.org/software/systemd/man/systemctl.html#enable%20UNIT%E2%80%A6'],
  fixable: false,
  run({ model, report }) {
    if (!model.host || model.installed.state !== 'yes') return;
    const enabled = model.enabled;
    if (enabled.state === 'masked') {
      report({ at: { path: enabled.evidence ?? AUDITD_PLACES.wantsLink, line: 1, column: 1 }, message: 'auditd.service is masked (linked to /dev/null): auditd never starts' });
      return;
    }
    if (enabled.state === 'no') {
      const now = model.running === 'yes' ? ' (it runs now, but will not after a reboot)' : '';
      report({ at: { path: AUDITD_PLACES.wantsLink, line: 1, column: 1 }, message: `auditd is installed but not enabled at boot${now}: no *.wants/auditd.service link` });
      return;
    }
    if (enabled.state === 'yes' && model.running === 'no') {
      report({ at: { path: enabled.evidence ?? AUDITD_PLACES.wantsLink, line: 1, column: 1 }, message: 'auditd is enabled at boot but no auditd process is running: it failed or was stopped, so nothing is recorded now' });
    }
  },
});
