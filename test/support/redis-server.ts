/**
 * Real Redis servers for the live probe tests: Debian's redis-server on 127.0.0.1 at a
 * free port, in the foreground, no persistence, stopped by `stop()`. `open`: no password
 * and protected mode off (what a container image with a published port amounts to);
 * `password`: `requirepass` set.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDaemon } from './daemon.ts';

export const REDIS_SERVER = '/usr/bin/redis-server';

export type RedisFlavour = 'open' | 'password';

export interface RunningRedis {
  port: number;
  target: string;
  log(): string;
  stop(): Promise<void>;
}

export function redisAvailable(): boolean {
  return existsSync(REDIS_SERVER);
}

export async function startRedis(flavour: RedisFlavour): Promise<RunningRedis> {
  const dir = mkdtempSync(join(tmpdir(), `bulwark-redis-${flavour}-`));
  const daemon = await startDaemon({
    name: `redis-server (${flavour})`,
    address: '127.0.0.1',
    portCount: 1,
    dir,
    command: ([port]) => ({
      bin: REDIS_SERVER,
      args: [
        '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no',
        '--daemonize', 'no', '--logfile', '', '--protected-mode', flavour === 'open' ? 'no' : 'yes',
        ...(flavour === 'password' ? ['--requirepass', 'bulwark-test-only-7f3a9c2e5b1d'] : []),
      ],
    }),
  });
  const port = daemon.ports[0]!;
  return { port, target: `redis://127.0.0.1:${port}`, log: daemon.log, stop: daemon.stop };
}
