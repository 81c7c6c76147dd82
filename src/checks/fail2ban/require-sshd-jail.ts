import { defineCheck } from '../../core/check.ts';
import type { Fail2banConfig } from '../../inputs/fail2ban/load.ts';
import { isSshJail, settingLocation, shownValue } from './_jails.ts';

export default defineCheck<Fail2banConfig>({
  id: 'fail2ban/require-sshd-jail',
  title: 'fail2ban bans addresses that keep failing SSH logins',
  severity: 'medium',
  checklist: ['H3'],
  rationale:
    'Every SSH server on the Internet receives password guessing from thousands of addresses a day. fail2ban reads ' +
    'sshd\'s log and blocks an address after a few failed logins, which stops online guessing, keeps the logs readable and ' +
    'reduces the load of scanners. It only does so for the sshd jail when that jail is enabled: fail2ban ships with every ' +
    'jail disabled (`enabled = false` in `[DEFAULT]` of jail.conf), and only Debian\'s `jail.d/defaults-debian.conf` turns ' +
    'the sshd one on. fail2ban accepts `true`, `yes`, `on` or `1` only, and `#` does not start a comment inside a value, ' +
    'so `enabled = true # on` leaves the jail off. A host with no sshd configuration, or with CrowdSec, sshguard or ' +
    'DenyHosts doing the same job, passes. On a live host (`--host-root /`) an enabled jail also needs a running fail2ban-server.',
  remediation:
    'Install fail2ban (`apt install fail2ban`) and enable the sshd jail in `/etc/fail2ban/jail.local` (or a file in `jail.d/`), ' +
    'never in jail.conf, which package upgrades replace:\n' +
    '```\n[sshd]\nenabled  = true\nmaxretry = 3\nfindtime = 10m\nbantime  = 24h\n# on systems without /var/log/auth.log (journald only):\nbackend  = systemd\n```\n' +
    'Then `systemctl enable --now fail2ban` and check with `fail2ban-client status sshd`.',
  references: [
    'Lynis DEB-0880 (install fail2ban), TOOL-5102 (presence of fail2ban), TOOL-5104 (enabled fail2ban jails)',
    'https://github.com/fail2ban/fail2ban/blob/master/config/jail.conf',
  ],
  fixable: false,
  run({ model, report }) {
    if (!model.complete) return;
    const ssh = model.jails.filter(isSshJail);
    const enabled = ssh.find((j) => j.enabled.value === true);
    if (enabled) {
      // On a live host the configuration is only half the story: the server must run.
      if (model.running === 'no') {
        report({
          at: enabled.enabled.at && !enabled.enabled.at.synthetic ? settingLocation(model, enabled.enabled) : { path: model.localPath, line: 1, column: 1 },
          key: 'not-running',
          message: `the [${enabled.name}] jail is enabled but no fail2ban-server process runs on this host: nothing is banned (start it with \`systemctl enable --now fail2ban\`)`,
        });
      }
      return;
    }
    if (model.mode === 'host') {
      if (model.sshd === 'absent' || model.alternatives.length > 0) return;
      if (!model.installed) {
        report({
          at: { path: model.localPath, line: 1, column: 1 },
          key: 'not-installed',
          message: 'fail2ban is not installed (no jail.conf, jail.local or jail.d under etc/fail2ban): nothing bans addresses that keep guessing SSH logins',
        });
        return;
      }
    }
    const jail = ssh.find((j) => j.name === 'sshd') ?? ssh[0];
    const setting = jail?.enabled;
    if (jail && setting?.at && !setting.at.synthetic) {
      // In a repository without jail.conf only an explicit `enabled` in the jail's own section says anything.
      if (model.mode === 'repo' && !model.baseRead && setting.scope !== 'jail') return;
      const text = setting.text ?? setting.at.value;
      const why = setting.error
        ? `fail2ban cannot read it (${setting.error})`
        : ['false', 'no', 'off', '0'].includes(text.toLowerCase())
          ? 'the jail is disabled'
          : text.includes('\n')
            ? 'the value runs on into the more indented line below it (blank lines do not end a value), so it is not true'
            : text.includes('#')
              ? 'fail2ban counts only 1, on, true and yes as true, and "#" starts no comment inside a value'
              : 'fail2ban counts only 1, on, true and yes as true';
      const where = setting.scope === 'jail' ? `[${jail.name}]` : `[DEFAULT] (not overridden in [${jail.name}])`;
      report({ at: settingLocation(model, setting), key: `${jail.name}:enabled`, message: `enabled = ${shownValue(setting)} in ${where}: ${why}; failed SSH logins are never banned` });
      return;
    }
    if (model.mode !== 'host') return;
    report({
      at: { path: model.localPath, line: 1, column: 1 },
      key: 'no-sshd-jail',
      message: jail ? `The [${jail.name}] jail is not enabled anywhere (fail2ban's default is off): failed SSH logins are never banned` : 'No fail2ban jail watches sshd: failed SSH logins are never banned',
    });
  },
});
