/**
 * Who made the report. The version is read from package.json at build time (esbuild
 * inlines the JSON import), so `--version` needs no file read at run time.
 */
import pkg from '../../package.json' with { type: 'json' };

export const TOOL_NAME = 'bulwark';
export const TOOL_VERSION: string = pkg.version;
/** Project home page when package.json names one; SARIF only accepts a real URI here. */
export const TOOL_HOMEPAGE: string | undefined = (pkg as { homepage?: string }).homepage || undefined;
