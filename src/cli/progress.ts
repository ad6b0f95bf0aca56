// Progress of a scan on stderr: one live line on a terminal, plain lines otherwise (CI logs).
import type { Writable } from "node:stream";
import type { DiscoverEvent } from "../discover/events.js";

export interface Progress {
  onEvent(event: DiscoverEvent): void;
  done(): void;
}

export function createProgress(stream: Writable & { isTTY?: boolean }, options: { quiet: boolean }): Progress {
  const tty = Boolean(stream.isTTY) && !options.quiet;
  const state = { accounts: 0, accountsDone: 0, keys: 0, repos: 0, reposDone: 0, failures: 0, eta: undefined as string | undefined, waitingUntil: undefined as string | undefined, cache: "" };
  let last = 0;
  const waiting = () => (state.waitingUntil && Date.parse(state.waitingUntil) > Date.now() ? ` · waiting for GitHub's rate limit until ${clock(state.waitingUntil)}` : "");
  const line = () =>
    `AWS ${state.accountsDone}/${state.accounts} accounts, ${state.keys} keys · GitHub ${state.reposDone}/${state.repos} repos` +
    (state.failures ? ` · ${state.failures} skipped` : "") +
    waiting() +
    (state.eta && state.reposDone < state.repos ? ` · ETA ${clock(state.eta)}` : "");
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
          say(event.org ? `github: ${event.orgTotal ?? event.total} repositories to read in ${event.org}` : `github: ${event.total} repositories to read`);
          break;
        case "github-repo-done":
          state.reposDone++;
          if (!event.ok) {
            state.failures++;
            say(`github: ${event.repo} skipped: ${event.reason}`);
          }
          break;
        case "wait":
          // Long waits (GitHub's primary rate limit) must not look like a hang: how long, until when.
          if (event.until) state.waitingUntil = event.until;
          if (event.seconds >= 5) say(`${event.side}: waiting ${duration(event.seconds)}${event.until ? ` (until ${clock(event.until)})` : ""} — ${event.reason}${state.eta ? ` · scan ETA ${clock(state.eta)}` : ""}`);
          break;
        case "eta":
          state.eta = event.at;
          break;
        case "skip":
        case "phase":
        case "rate":
          break;
        case "github-cache":
          if (event.notModified || event.reusedTrees) state.cache = ` · re-scan: ${event.notModified} GitHub answers unchanged (304, not charged), ${event.reusedTrees} repos' workflows unchanged`;
          break;
      }
      draw();
    },
    done() {
      if (tty) stream.write(`\r\x1b[2K`);
      if (!options.quiet) stream.write(`${line()}${state.cache}\n`);
    },
  };
}

/** "03:10:00 UTC": a time of day, in UTC so that logs from CI runners agree. */
export function clock(iso: string): string {
  return `${new Date(iso).toISOString().slice(11, 19)} UTC`;
}

/** "42 min", "1 h 05 min", "20 s". */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}
