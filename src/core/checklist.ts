/**
 * The hardening checklist (shared/spec/hardening-checklist.md): every recommendation of
 * the five seed guides, with its id. Checks name these ids; reports group by area.
 */
export type ChecklistArea = 'containers' | 'network' | 'transport' | 'auth-secrets' | 'host' | 'backups';

export interface ChecklistItem {
  area: ChecklistArea;
  title: string;
}

export const CHECKLIST: Record<string, ChecklistItem> = {
  D1: { area: 'containers', title: 'drop all Linux capabilities (cap_drop: [ALL]), add back only what is needed; flag dangerous adds (SYS_ADMIN, NET_ADMIN, SYS_PTRACE, ALL, …)' },
  D2: { area: 'containers', title: 'no-new-privileges:true on every container' },
  D3: { area: 'containers', title: 'read-only root filesystem where possible, tmpfs for scratch paths' },
  D4: { area: 'containers', title: 'PID limits per container' },
  D5: { area: 'containers', title: 'run as a non-root user (compose user:, Dockerfile USER, k8s runAsNonRoot); root only where required and said so' },
  D6: { area: 'containers', title: 'no privileged containers, no Docker socket mount, no host network/PID/IPC namespaces' },
  D7: { area: 'containers', title: 'container log rotation (daemon log-opts max-size/max-file, or per-service logging)' },
  D8: { area: 'containers', title: 'images verified before running: pinned by digest, not latest' },
  D9: { area: 'containers', title: 'container images scanned for vulnerabilities' },
  D10: { area: 'containers', title: 'docker daemon hardening defaults (no-new-privileges, live-restore, userns-remap, icc: false)' },
  N1: { area: 'network', title: 'only the edge (reverse proxy) publishes ports, only 80/443; databases, caches, brokers, vector stores, app servers, workers, model servers, metrics and dashboards publish nothing' },
  N2: { area: 'network', title: 'a port published for local development binds 127.0.0.1, and the override file that does it is git-ignored' },
  N3: { area: 'network', title: 'internal services sit on internal networks; workers that need no outside access are on an internal: true network' },
  N4: { area: 'network', title: 'tiers separated: the data tier is not on the same network as the edge' },
  N5: { area: 'network', title: 'Kubernetes NetworkPolicies: default deny per namespace, each workload selected by a policy; egress restricted' },
  N6: { area: 'network', title: 'nothing internal of type LoadBalancer/NodePort; only ingress is public' },
  N7: { area: 'network', title: 'host firewall (UFW) enabled, default deny incoming, only 22/80/443 allowed; SSH preferably restricted to a VPN/admin source' },
  N8: { area: 'network', title: 'admin HTTP endpoints (Elasticsearch, Celery Flower, Prometheus, Grafana, Jupyter) are not reachable without auth' },
  N9: { area: 'network', title: '/metrics blocked at the reverse proxy' },
  E1: { area: 'transport', title: 'end users reach web app and notebooks over HTTPS/WSS only; HTTP redirects to HTTPS' },
  E2: { area: 'transport', title: 'TLS configured with a valid certificate; only TLS 1.2/1.3; no weak ciphers; certificate not expired or near expiry; hostname matches' },
  E3: { area: 'transport', title: 'HSTS' },
  E4: { area: 'transport', title: 'service-to-service calls use HTTPS (web ↔ API, client package ↔ API, notebook ↔ web)' },
  E5: { area: 'transport', title: 'database connections use SSL (sslmode=require/verify-full, server ssl = on)' },
  E6: { area: 'transport', title: 'Redis/NATS/MinIO/message queue connections use TLS where the network is not trusted (rediss://, tls://, https)' },
  E7: { area: 'transport', title: 'FTP only as FTPS' },
  E8: { area: 'transport', title: 'LDAP only as LDAPS' },
  E9: { area: 'transport', title: 'SAML uses a valid x509 certificate' },
  E10: { area: 'transport', title: 'mTLS between all components via a service mesh (Linkerd/Istio injection on every workload namespace)' },
  E11: { area: 'transport', title: 'Kubernetes ingress has TLS with a named certificate secret' },
  E12: { area: 'transport', title: 'Spark: Kerberos authentication, spark.authenticate, network and I/O encryption, SSL' },
  A1: { area: 'auth-secrets', title: 'strong, unique SECRET_KEY / JWT_SECRET / API_KEY: 32+ random bytes, not a placeholder, not reused across services' },
  A2: { area: 'auth-secrets', title: 'strong database and Redis passwords; Redis requires a password' },
  A3: { area: 'auth-secrets', title: 'Postgres refuses unauthenticated and trust connections; scram-sha-256' },
  A4: { area: 'auth-secrets', title: 'secure cookies in production (COOKIE_SECURE, JWT_COOKIE_SECURE, SESSION_COOKIE_SECURE)' },
  A5: { area: 'auth-secrets', title: 'DEBUG=false, APP_ENV=production' },
  A6: { area: 'auth-secrets', title: 'CORS restricted to named origins, never * with credentials' },
  A7: { area: 'auth-secrets', title: 'API keys required for API access' },
  A8: { area: 'auth-secrets', title: 'JWT sessions expire (configured lifetime)' },
  A9: { area: 'auth-secrets', title: 'rate limiting: API (≈10 r/s), auth endpoints much stricter (≈5 r/min)' },
  A10: { area: 'auth-secrets', title: 'security headers: X-Frame-Options, X-Content-Type-Options, Content-Security-Policy, Referrer-Policy (and the nginx add_header inheritance pitfall)' },
  A11: { area: 'auth-secrets', title: 'Jupyter: token/password set, no wildcard origins, XSRF checks on, behind the proxy' },
  A12: { area: 'auth-secrets', title: 'no secrets committed: .env git-ignored and not tracked; no keys, tokens or private keys in tracked files' },
  A13: { area: 'auth-secrets', title: 'secrets encrypted at rest in the repo (SOPS + age, or Ansible Vault): encrypted file valid, every value encrypted, .sops.yaml present, private key not in the repo' },
  A14: { area: 'auth-secrets', title: 'generate strong secrets' },
  A15: { area: 'auth-secrets', title: 'rotate all credentials after a suspected breach' },
  A16: { area: 'auth-secrets', title: 'Kubernetes: secrets passed by reference (secretKeyRef / mounted), not literal env values; RBAC on secrets; dedicated service accounts, no default SA, token automount off where unused' },
  A17: { area: 'auth-secrets', title: 'reliable external auth provider (not the built-in one); 2FA for admins; fine-grained roles' },
  H1: { area: 'host', title: 'SSH: PasswordAuthentication no, PermitRootLogin prohibit-password (or no), PubkeyAuthentication yes, with the effective value after Include/Match' },
  H2: { area: 'host', title: 'SSH keys are Ed25519 or RSA ≥ 4096' },
  H3: { area: 'host', title: 'fail2ban installed with an enabled sshd jail (maxretry ≈3, bantime ≈24h, findtime ≈10m)' },
  H4: { area: 'host', title: 'auditd installed, enabled, with rules' },
  H5: { area: 'host', title: 'config and install files readable only by the service user (0600/0640, right owner)' },
  H6: { area: 'host', title: 'disks holding data are encrypted (LUKS/dm-crypt)' },
  H7: { area: 'host', title: 'security updates applied automatically or alerted on (unattended-upgrades)' },
  H8: { area: 'host', title: 'non-root user for regular operations' },
  H9: { area: 'host', title: 'VPN for remote admin access; physical security; support contracts; isolation on shared hardware' },
  B1: { area: 'backups', title: 'automated database backups (daily; weekly with 4-week retention) exist' },
  B2: { area: 'backups', title: 'backups are restorable: verified by a restore into a scratch database and count checks' },
  B3: { area: 'backups', title: 'backup and snapshot files stored securely (permissions, encryption), offsite copy' },
  B4: { area: 'backups', title: 'data stores encrypted at rest (Kubernetes storage classes, volumes, databases)' },
  B5: { area: 'backups', title: 'incident response: isolate, preserve logs, check audit logs, rotate credentials, recreate from clean state' },
  B6: { area: 'backups', title: 'PII and payment data encrypted at application level and leave no trace (logs, temp files)' },
  B7: { area: 'backups', title: 'cloud IAM least privilege, compliance checks, DMZ, private subnets, egress via proxy' },
};

export function isChecklistId(id: string): boolean {
  return Object.hasOwn(CHECKLIST, id);
}
