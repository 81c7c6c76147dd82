/**
 * Starting a real server for a live test: on fresh free loopback ports, in the
 * foreground (a child we can stop), ready once every port accepts a connection. When
 * another process takes a port between our pick and the server's bind, it tries again.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { accepts, freePort } from './ports.ts';

export interface DaemonSpec {
  /** For messages: `sshd`, `nginx (weak)`. */
  name: string;
  address: string;
  portCount: number;
  /** Writes whatever config the ports need and returns the command line. */
  command(ports: number[]): { bin: string; args: string[] };
  /** Removed when the daemon stops or fails to start. */
  dir: string;
}

export interface RunningDaemon {
  ports: number[];
  /** Everything the daemon wrote to stderr, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

export async function startDaemon(spec: DaemonSpec): Promise<RunningDaemon> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const ports: number[] = [];
    while (ports.length < spec.portCount) {
      const port = await freePort(spec.address);
      if (!ports.includes(port)) ports.push(port);
    }
    const { bin, args } = spec.command(ports);
    let log = '';
    const child: ChildProcess = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr!.on('data', (d: Buffer) => {
      log += d.toString();
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const kill = async (): Promise<void> => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    };
    let up = false;
    for (let i = 0; i < 100 && child.exitCode === null; i++) {
      if ((await Promise.all(ports.map((p) => accepts(p, spec.address)))).every(Boolean)) {
        up = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    if (up) {
      return {
        ports,
        log: () => log,
        stop: async () => {
          await kill();
          rmSync(spec.dir, { recursive: true, force: true });
        },
      };
    }
    await kill();
    if (!/Address already in use/.test(log)) {
      rmSync(spec.dir, { recursive: true, force: true });
      throw new Error(`${spec.name} did not start:\n${log}`);
    }
  }
  rmSync(spec.dir, { recursive: true, force: true });
  throw new Error(`${spec.name} did not start: no free port after 5 attempts`);
}
