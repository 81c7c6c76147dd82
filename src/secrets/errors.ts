/**
 * The one error type of the secrets commands. Its message is shown to the user as is,
 * so it must never contain a secret value: name keys, line numbers and paths instead.
 */
export class SecretsError extends Error {
  override readonly name = 'SecretsError';
}
