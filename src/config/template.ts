/**
 * The commented `.bulwark.yaml` that `bulwark init` writes: every key the schema knows,
 * set to its default, with what it does and an example in comments. It must parse to
 * the defaults (tested), so writing it changes nothing until the user edits it.
 */
export function renderConfigTemplate(): string {
  return `# Bulwark configuration, read by bulwark scan from the scanned folder (or --config FILE).
# Every key is optional; unknown keys are errors, so a typo never silently does nothing.

# Files and folders the scan skips, in .gitignore syntax, relative to this file's folder.
# (.git and node_modules are always skipped.)
ignore: []
#  - vendor/
#  - "**/testdata/**"

checks:
  # Check ids (globs allowed) that do not run; see \`bulwark checks\`.
  disable: []
  #  - compose/require-read-only-rootfs
  #  - "host/*"

  # Severity every finding of the matching checks gets: critical, high, medium, low, info.
  severity: {}
  #  compose/no-latest-image: low

# Compose services meant to be reached from outside (the reverse proxy): the network
# exposure checks expect only these to publish ports.
edge: []
#  - proxy

# One finding can be accepted in place, with a reason, on the line before it (or the same line):
#   # bulwark-ignore compose/no-privileged -- needs /dev/fuse for the backup mount
`;
}
