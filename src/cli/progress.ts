// Progress of a scan on stderr: one live line on a terminal, plain lines otherwise (CI logs).
import type { Writable } from "node:stream";
import type { DiscoverEvent } from "../discover/events.js";

export interface Progress {
  onEvent(event: DiscoverEvent): void;
  done(): void;
}

export function createProgress(stream: Writable & { isTTY?: boolean }, options: { quiet: boolean }): Progress {
  const tty = Boolean(stream.isTTY) && !options.quiet;
  const state = { accounts: 0, accountsDone: 0, keys: 0, repos: 0, reposDone: 0, failures: 0 };
  let last = 0;
  const line = () =>
    `AWS ${state.accountsDone}/${state.accounts} accounts, ${state.keys} keys · GitHub ${state.reposDone}/${state.repos} repos` +
    (state.failures ? ` · ${state.failures} skipped` : "");
  const draw = (force = false) => {
    const now = Date.now();
    if (!tty || (!force && now - last < 80)) return;
    last = now;
    stream.write(`\r\x1b[2K${line()}`);
  };
  const say = (text: string) => {
    if (options.quiet) return;
    if (tty) stream.write(`\r\x1b[2K${text}\n`);
    else stream.write(`${text}\n`);
    draw(true);
  };
  return {
    onEvent(event) {
      switch (event.type) {
        case "aws-accounts":
          state.accounts = event.total;
          say(`aws: ${event.total} accounts to read`);
          break;
        case "aws-account-done":
          state.accountsDone++;
          state.keys += event.keys;
          if (!event.ok) {
            state.failures++;
            say(`aws: account ${event.accountId} skipped: ${event.reason}`);
          }
          break;
        case "github-repos":
          state.repos = event.total;
          say(`github: ${event.total} repositories to read`);
          break;
        case "github-repo-done":
          state.reposDone++;
          if (!event.ok) {
            state.failures++;
            say(`github: ${event.repo} skipped: ${event.reason}`);
          }
          break;
        case "wait":
          // Long waits (GitHub's primary rate limit) must not look like a hang.
          if (event.seconds >= 5) say(`${event.side}: waiting ${Math.round(event.seconds)} s — ${event.reason}`);
          break;
        case "skip":
        case "phase":
          break;
      }
      draw();
    },
    done() {
      if (tty) stream.write(`\r\x1b[2K`);
      if (!options.quiet) stream.write(`${line()}\n`);
    },
  };
}
