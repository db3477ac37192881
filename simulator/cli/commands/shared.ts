/** What the command modules share; they import it from here, never from ./index.ts (which imports them). */

/** Lets a command report a non-zero exit code without throwing (e.g. "some lines failed"). */
export type SetExitCode = (code: number) => void;
