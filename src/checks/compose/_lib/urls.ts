/** Moved to checks/_shared/urls.ts: the env checks read the same URLs. */
export * from '../../_shared/urls.ts';
