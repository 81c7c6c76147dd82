/**
 * The input kinds a scan loads besides Compose (which streams project by project, see
 * load-compose.ts). One line per kind; a kind is loaded only when a selected check reads it.
 */
import type { UnitLoader } from '../inputs/loader.ts';
import { sshdLoader } from '../inputs/sshd/load.ts';

export const UNIT_LOADERS: readonly UnitLoader[] = [
  sshdLoader,
];
