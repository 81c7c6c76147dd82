/** Secret strength lives in secrets/strength.ts, where the secret-scan rules can use it too. */
export * from '../../secrets/strength.ts';
