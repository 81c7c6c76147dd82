/**
 * The one fact the compose model needs from a Dockerfile: the last `USER` of the final
 * build stage (the user the image runs as unless compose overrides it).
 */
import { DockerfileParser } from 'dockerfile-ast';
import type { Location } from '../../core/location.ts';

export function finalStageUser(text: string, path: string): { value: string; loc: Location } | undefined {
  const instructions = DockerfileParser.parse(text).getInstructions();
  let user: { value: string; loc: Location } | undefined;
  for (const instruction of instructions) {
    const keyword = instruction.getKeyword().toUpperCase();
    if (keyword === 'FROM') {
      user = undefined; // a new stage starts as the base image's user
    } else if (keyword === 'USER') {
      const range = instruction.getRange();
      // dockerfile-ast ranges are 0-based; the model's are 1-based.
      user = {
        value: instruction.getArgumentsContent() ?? '',
        loc: { path, line: range.start.line + 1, column: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 },
      };
    }
  }
  return user;
}
