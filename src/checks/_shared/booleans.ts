/** Boolean switches as environment variables and config files write them (`true`, `1`, `yes`, `on`; Python's `True`). */
export function isTruthy(value: string | undefined): boolean {
  return value !== undefined && /^(true|1|yes|on)$/i.test(value.trim());
}

export function isFalsy(value: string | undefined): boolean {
  return value !== undefined && /^(false|0|no|off)$/i.test(value.trim());
}
