import { defineCheck } from '../../core/check.ts';
import { APT_KEYS, periodicOn, UPDATES_PLACES } from '../../inputs/updates/load.ts';
import type { UpdatesModel } from '../../inputs/updates/load.ts';

const AT_PERIODIC = { path: UPDATES_PLACES.periodic, line: 1, column: 1 };

export default defineCheck<UpdatesModel>({
  id: 'updates/require-unattended-upgrades',
  title: 'Security updates are installed automatically (unattended-upgrades)',
  severity: 'medium',
  checklist: ['H7'],
  rationale:
    'Most compromises of self-hosted servers go through a known, already patched flaw (OpenSSH, OpenSSL, sudo, the ' +
    'kernel, a web server). A host that waits for someone to run `apt upgrade` stays exposed for weeks; ' +
    'unattended-upgrades installs security updates within a day. It needs both apt timers: one refreshes the package ' +
    'lists (`Update-Package-Lists`), the other installs (`Unattended-Upgrade`); with the lists never refreshed it finds ' +
    'nothing new. Lynis only suggests an automatic-update tool (PKGS-7420); this is rated medium because the seed guides ' +
    'require it (H7) and missing patches are a direct exposure, not a missing extra layer.',
  remediation:
    'Install and enable it: `apt-get install unattended-upgrades && dpkg-reconfigure -plow unattended-upgrades`, which writes ' +
    '/etc/apt/apt.conf.d/20auto-upgrades:\n```\nAPT::Periodic::Update-Package-Lists "1";\nAPT::Periodic::Unattended-Upgrade "1";\n```\n' +
    'Keep apt-daily.timer and apt-daily-upgrade.timer enabled (`systemctl unmask --now apt-daily.timer apt-daily-upgrade.timer`). Check with `unattended-upgrade --dry-run --debug`. Where automatic installs are not wanted, alert on pending security ' +
    'updates instead (apticron, `apt list --upgradable` in monitoring) and suppress this finding with the reason.',
  references: [
    'Lynis PKGS-7420',
    'CIS Debian Linux 12 Benchmark v1.1.0 1.2.2.1 (updates, patches and security software are installed)',
    'https://wiki.debian.org/UnattendedUpgrades',
  ],
  fixable: false,
  run({ model, report }) {
    if (!model.host || model.apt !== 'yes' || !model.visible) return;
    if (model.installed === 'no') {
      report({ at: AT_PERIODIC, key: 'installed', message: 'unattended-upgrades is not installed (no usr/bin/unattended-upgrade): security updates wait for a manual upgrade' });
      return;
    }
    const enable = model.settings[APT_KEYS.enable];
    if (enable && !periodicOn(enable.value)) {
      report({ at: enable, message: `${enable.name} "${enable.value}" switches off apt's periodic jobs: no automatic update runs` });
      return;
    }
    const unattended = model.settings[APT_KEYS.unattended];
    if (!unattended) {
      report({ at: AT_PERIODIC, key: 'unattended', message: 'APT::Periodic::Unattended-Upgrade is not set (apt\'s default is "0"): unattended-upgrades never runs' });
      return;
    }
    if (!periodicOn(unattended.value)) {
      report({ at: unattended, message: `${unattended.name} "${unattended.value}": unattended-upgrades never runs` });
      return;
    }
    for (const timer of model.maskedTimers) {
      report({ at: { path: timer, line: 1, column: 1 }, message: `${timer.slice(timer.lastIndexOf('/') + 1)} is masked (linked to /dev/null): apt's periodic jobs never run, so neither do unattended upgrades` });
    }
    const lists = model.settings[APT_KEYS.updateLists];
    if (!lists) {
      report({ at: AT_PERIODIC, key: 'lists', message: 'APT::Periodic::Update-Package-Lists is not set (default "0"): the package lists are never refreshed, so unattended-upgrades finds no new updates' });
    } else if (!periodicOn(lists.value)) {
      report({ at: lists, message: `${lists.name} "${lists.value}": the package lists are never refreshed, so unattended-upgrades finds no new updates` });
    }
  },
});
