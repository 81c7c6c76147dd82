/**
 * The input kinds a scan loads besides Compose (which streams project by project, see
 * load-compose.ts). One line per kind; a kind is loaded only when a selected check reads it.
 */
import type { LoadedUnit, UnitLoader } from '../inputs/loader.ts';
import { sshdLoader } from '../inputs/sshd/load.ts';
import { authorizedKeysLoader } from '../inputs/authorized-keys/load.ts';
import { dockerDaemonLoader } from '../inputs/docker-daemon/load.ts';
import { fileModesLoader } from '../inputs/file-modes/load.ts';
import { ufwLoader } from '../inputs/ufw/load.ts';
import { fail2banLoader } from '../inputs/fail2ban/load.ts';
import { auditdLoader } from '../inputs/auditd/load.ts';
import { updatesLoader } from '../inputs/updates/load.ts';
import { backupsLoader } from '../inputs/backups/load.ts';
import { diskLoader } from '../inputs/disk/load.ts';
import { nginxLoader } from '../inputs/nginx/units.ts';
import { tlsFilesLoader } from '../inputs/tls-files/load.ts';
import { envLoader } from '../inputs/env/load.ts';
import { secretsLoader } from '../inputs/secrets/load.ts';
import { gitLoader } from '../inputs/git/load.ts';
import { sopsLoader } from '../inputs/sops/load.ts';
import { vaultLoader } from '../inputs/vault/load.ts';

export const UNIT_LOADERS: readonly UnitLoader<Iterable<LoadedUnit>>[] = [
  sshdLoader,
  authorizedKeysLoader,
  dockerDaemonLoader,
  fileModesLoader,
  ufwLoader,
  fail2banLoader,
  auditdLoader,
  updatesLoader,
  backupsLoader,
  diskLoader,
  nginxLoader,
  tlsFilesLoader,
  envLoader,
  secretsLoader,
  gitLoader,
  sopsLoader,
  vaultLoader,
];
