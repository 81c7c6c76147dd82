import { defineCheck } from '../../core/check.ts';
import type { Location } from '../../core/location.ts';
import { allowedOriginCoversSecurity, APT_KEYS, patternCoversSecurity, periodicOn, UPDATES_PLACES } from '../../inputs/updates/load.ts';
import type { UpdatesModel } from '../../inputs/updates/load.ts';

export default defineCheck<UpdatesModel>({
  id: 'updates/require-security-origin',
  title: 'unattended-upgrades takes packages from the security archive',
  severity: 'medium',
  checklist: ['H7'],
  rationale:
    'unattended-upgrades installs only packages whose origin matches an entry of `Unattended-Upgrade::Origins-Pattern` ' +
    '(or the older `Allowed-Origins`). When the security archive is not among them (the line commented out, a list ' +
    'narrowed to `-updates`, or an empty list) the service runs every day and reports success while no security fix is ' +
    'ever installed, which is worse than not having it because it looks done. Medium, like a missing automatic update (Lynis PKGS-7420).',
  remediation:
    'List the security archive in /etc/apt/apt.conf.d/50unattended-upgrades (Debian\'s shipped default):\n```\n' +
    'Unattended-Upgrade::Origins-Pattern {\n        "origin=Debian,codename=${distro_codename},label=Debian";\n' +
    '        "origin=Debian,codename=${distro_codename}-security,label=Debian-Security";\n};\n```\n' +
    'On Ubuntu: `Unattended-Upgrade::Allowed-Origins { "${distro_id}:${distro_codename}-security"; };`. ' +
    'Check with `unattended-upgrade --dry-run --debug` (it prints the allowed origins).',
  references: ['Lynis PKGS-7420', 'https://wiki.debian.org/UnattendedUpgrades', 'https://github.com/mvo5/unattended-upgrades/blob/master/README.md'],
  fixable: false,
  run({ model, report }) {
    const patterns = model.lists[APT_KEYS.originsPattern] ?? [];
    const allowed = model.lists[APT_KEYS.allowedOrigins] ?? [];
    if (model.host) {
      if (model.apt !== 'yes' || !model.visible || model.installed === 'no' || model.maskedTimers.length > 0) return;
      // When nothing runs, updates/require-unattended-upgrades says so.
      if (!periodicOn(model.settings[APT_KEYS.unattended]?.value)) return;
      const enable = model.settings[APT_KEYS.enable];
      if (enable && !periodicOn(enable.value)) return;
    } else if (patterns.length === 0 && allowed.length === 0 && !model.scopes[APT_KEYS.originsPattern] && !model.scopes[APT_KEYS.allowedOrigins]) {
      return;
    }
    if (patterns.some((p) => patternCoversSecurity(p.value)) || allowed.some((a) => allowedOriginCoversSecurity(a.value))) return;
    const scopes = [...(model.scopes[APT_KEYS.originsPattern] ?? []), ...(model.scopes[APT_KEYS.allowedOrigins] ?? [])];
    const at: Location = scopes[scopes.length - 1] ?? patterns[0]?.loc ?? allowed[0]?.loc ?? { path: UPDATES_PLACES.unattended, line: 1, column: 1 };
    const entries = [...patterns, ...allowed].map((e) => `"${e.value}"`);
    report({
      at,
      message:
        entries.length === 0
          ? 'no Origins-Pattern or Allowed-Origins entry: unattended-upgrades runs but installs nothing, security fixes included'
          : `no allowed origin is the security archive (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}): security fixes are not installed automatically`,
    });
  },
});
