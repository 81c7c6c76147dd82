/**
 * The shape every sshd check shares: judge the effective global value of some keywords
 * (reported where it is set, or at line 1 of the main file when it is OpenSSH's default)
 * and every `Match` block that sets one of them to a bad value.
 */
import type { ReportInput } from '../../core/check.ts';
import type { SshdKeyword } from '../../inputs/sshd/effective.ts';
import type { SshdConfig } from '../../inputs/sshd/load.ts';

const DISPLAY: Record<SshdKeyword, string> = {
  passwordauthentication: 'PasswordAuthentication',
  kbdinteractiveauthentication: 'KbdInteractiveAuthentication',
  permitrootlogin: 'PermitRootLogin',
  pubkeyauthentication: 'PubkeyAuthentication',
  permitemptypasswords: 'PermitEmptyPasswords',
  x11forwarding: 'X11Forwarding',
  maxauthtries: 'MaxAuthTries',
};

export function judgeSshd(
  model: SshdConfig,
  report: (input: ReportInput) => void,
  keywords: readonly SshdKeyword[],
  isBad: (value: string) => boolean,
  consequence: string,
): void {
  for (const keyword of keywords) {
    const setting = model.effective.settings[keyword];
    if (!isBad(setting.value)) continue;
    if (setting.directive) {
      const d = setting.directive;
      report({ at: d, key: keyword, message: `${d.name} ${d.args.join(' ')}: ${consequence}` });
    } else {
      report({
        at: { path: model.path, line: 1, column: 1 },
        key: keyword,
        message: `${DISPLAY[keyword]} is not set, so OpenSSH's default "${setting.value}" applies: ${consequence}`,
      });
    }
  }
  for (const o of model.effective.overrides) {
    if (!keywords.includes(o.keyword) || !isBad(o.value)) continue;
    const d = o.directive;
    report({ at: d, key: `${o.keyword}@match`, message: `${d.name} ${d.args.join(' ')} in "Match ${o.match.criteria}": ${consequence} for the connections it matches` });
  }
}
