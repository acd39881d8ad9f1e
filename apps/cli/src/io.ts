// What a command may touch of the process, passed in so tests can run commands in-process.

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
  isTTY: boolean;
  /** Raw bytes to stdout (get); text goes through `stdout`. */
  binaryOut?: { write(bytes: Uint8Array): void | Promise<void> };
  /** Resolves with the name of the first SIGINT or SIGTERM (serve); absent when not a process of its own. */
  untilSignal?: () => Promise<string>;
  /** Standard input up to the end of its first line, as text (`login -p -` reads the token there). */
  readStdin?: () => Promise<string>;
  /** How to run this command again as a new process (the daemon is started that way). */
  selfCommand?: { command: string; args: string[] };
}
