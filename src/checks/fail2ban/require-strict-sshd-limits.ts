import { defineCheck } from '../../core/check.ts';
import type { Fail2banConfig, JailSetting } from '../../inputs/fail2ban/load.ts';
import { formatSeconds } from '../../inputs/fail2ban/time.ts';
import { describeOrigin, isSshJail, settingLocation, shownValue } from './_jails.ts';

const MAX_RETRY = 5;
const MIN_BANTIME = 3600;
const MIN_FINDTIME = 600;

export default defineCheck<Fail2banConfig>({
  id: 'fail2ban/require-strict-sshd-limits',
  title: 'The sshd jail bans after at most 5 failures within 10 minutes, for at least an hour',
  severity: 'low',
  checklist: ['H3'],
  rationale:
    'fail2ban bans an address after `maxretry` failures within `findtime`, for `bantime`. The stock values (5 failures in ' +
    '10 minutes, banned for 10 minutes) let a patient guesser try about 700 passwords a day per address; a short ban ' +
    'is over before the next round, and a short findtime forgets slow guessers altogether. Stricter values (maxretry ' +
    '3 to 5, findtime 10 minutes or more, bantime an hour to a day, or `bantime.increment = true` so repeat offenders ' +
    'are banned longer each time) make guessing impractical without locking out a user who mistypes once.',
  remediation:
    'Set the limits for the sshd jail in `/etc/fail2ban/jail.local` (a value in `[sshd]` wins over `[DEFAULT]`):\n' +
    '```\n[sshd]\nenabled  = true\nmaxretry = 3\nfindtime = 10m\nbantime  = 24h\n# or grow bans for repeat offenders:\n# bantime.increment = true\n```\n' +
    'Then `fail2ban-client reload sshd`.',
  references: [
    'Lynis: no equivalent (TOOL-5104 lists enabled jails, not their limits)',
    'https://github.com/fail2ban/fail2ban/blob/master/config/jail.conf',
  ],
  fixable: false,
  run({ model, report }) {
    if (!model.complete) return;
    // Without jail.conf in a repository, unset options come from the package's jail.conf, which we cannot see.
    const known = (s: JailSetting<unknown>): boolean => !s.builtin || s.at !== undefined || model.mode === 'host' || model.baseRead;
    for (const jail of model.jails) {
      if (jail.enabled.value !== true || !isSshJail(jail)) continue;
      const { maxretry, findtime, bantime, banIncrement } = jail;
      const unset = (name: string, value: string): string => `${name} is not set, so fail2ban's built-in ${value} applies`;
      if (maxretry && maxretry.value !== undefined && known(maxretry) && maxretry.value > MAX_RETRY) {
        report({
          at: settingLocation(model, maxretry),
          key: `${jail.name}:maxretry`,
          message: `${maxretry.at ? `maxretry = ${shownValue(maxretry)}${describeOrigin(jail, maxretry)}` : unset('maxretry', String(maxretry.value))}: [${jail.name}] allows ${maxretry.value} failed logins per address before a ban (at most ${MAX_RETRY} recommended)`,
        });
      }
      if (bantime && bantime.value !== undefined && known(bantime) && bantime.value >= 0 && bantime.value < MIN_BANTIME && banIncrement?.value !== true) {
        report({
          at: settingLocation(model, bantime),
          key: `${jail.name}:bantime`,
          message: `${bantime.at ? `bantime = ${shownValue(bantime)}${describeOrigin(jail, bantime)}` : unset('bantime', formatSeconds(bantime.value))}: a banned address may guess again after ${formatSeconds(bantime.value)} (at least 1h recommended, or bantime.increment = true)`,
        });
      }
      if (findtime && findtime.value !== undefined && known(findtime) && findtime.value >= 0 && findtime.value < MIN_FINDTIME) {
        report({
          at: settingLocation(model, findtime),
          key: `${jail.name}:findtime`,
          message: `${findtime.at ? `findtime = ${shownValue(findtime)}${describeOrigin(jail, findtime)}` : unset('findtime', formatSeconds(findtime.value))}: failures older than ${formatSeconds(findtime.value)} are forgotten, so a slow guesser is never banned (at least 10m recommended)`,
        });
      }
    }
  },
});
