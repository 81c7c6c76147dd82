/**
 * What one SSH probe saw, as plain JSON: the server's identification, every algorithm
 * its KEXINIT offers, the host key the probe negotiated, and the authentication methods
 * it lists after a `none` attempt. Checks judge this and nothing else, so recorded
 * snapshots (fixtures) exercise them without a server.
 */

/** `SSH-protoversion-softwareversion SP comments` (RFC 4253 §4.2). */
export interface SshIdent {
  /** `2.0`, or `1.99` for a server that also speaks SSH-1. */
  protoVersion: string;
  /** e.g. `OpenSSH_9.2p1`. */
  software: string;
  /** Text after the first space, e.g. `Debian-2+deb12u10`. */
  comments?: string;
}

/** A name-list the KEXINIT sends once per direction. */
export interface SshDirectional {
  clientToServer: string[];
  serverToClient: string[];
}

export interface SshHostKey {
  /** Key type from the host key blob: `ssh-rsa`, `ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-dss`, … */
  type: string;
  /** Modulus size for RSA and DSA; curve size for ECDSA and EdDSA. */
  bits?: number;
}

export interface SshSnapshot {
  /** The target as displayed in reports: `ssh://host:port`. */
  target: string;
  ident: SshIdent;
  /** Lines the server sent before its identification line (RFC 4253 allows them), when any. */
  preamble?: string[];
  /** Key exchange methods, server preference order (includes markers such as `kex-strict-s-v00@openssh.com`). */
  kex: string[];
  /** Host key (signature) algorithms the server offers. */
  hostKeyAlgorithms: string[];
  ciphers: SshDirectional;
  macs: SshDirectional;
  compression: SshDirectional;
  /** The host key the probe negotiated; RSA is preferred when offered, since its size varies. */
  hostKey?: SshHostKey;
  /** Methods the server lists after a `none` attempt; absent when that step could not run. */
  authMethods?: string[];
  /** True when the server accepted `none`: anyone may log in as the probed user without a credential. */
  noneAuthAccepted?: boolean;
  /** How the snapshot was taken (user name tried, host key chosen, steps skipped). */
  notes: string[];
}

/** Every algorithm named in either direction, in first-seen order. */
export function bothDirections(list: SshDirectional): string[] {
  return [...new Set([...list.serverToClient, ...list.clientToServer])];
}
