// Test helper: drives a program in a real pseudo-terminal through tmux (on its own server socket, so
// a developer's tmux is never touched) and reads the screen back as text.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const exec = promisify(execFile);

export interface Terminal {
  /** The visible screen, one string per row (trailing spaces trimmed); with `escapes`, the SGR codes too. */
  screen(options?: { escapes?: boolean }): Promise<string>;
  /** Literal text, one key at a time (as a person types). */
  type(text: string): Promise<void>;
  /** tmux key names: Enter, Escape, Space, BSpace, PageDown… */
  key(...names: string[]): Promise<void>;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  resize(columns: number, rows: number): Promise<void>;
  /** The program's exit status once it ended. */
  exitStatus(): Promise<number | undefined>;
  close(): Promise<void>;
}

export async function hasTmux(): Promise<boolean> {
  return exec("tmux", ["-V"]).then(
    () => true,
    () => false,
  );
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function openTerminal(argv: string[], options: { env: Record<string, string>; cwd: string; columns: number; rows: number }): Promise<Terminal> {
  const socket = `keyless-test-${process.pid}-${Date.now()}`;
  // The tmux server (and so the program) gets exactly this environment: no CI variable, which
  // makes ink print only the last frame, and a terminal type.
  const env = { ...options.env, TERM: "xterm-256color" };
  const tmux = (...args: string[]) => exec("tmux", ["-L", socket, ...args], { env, cwd: options.cwd });
  // The shell prints the exit status when the program ends (tmux's own pane_dead_status is not
  // always filled in), and keeps the pane open so the last screen can still be read.
  const wrapped = ["sh", "-c", '"$@"; echo "[exited $?]"; exec sleep 3600', "sh", ...argv];
  await tmux("-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", String(options.columns), "-y", String(options.rows), "-c", options.cwd, ...wrapped);
  const screen = async (o: { escapes?: boolean } = {}) => (await tmux("capture-pane", "-p", ...(o.escapes ? ["-e"] : []), "-t", "t")).stdout;
  return {
    screen,
    async type(text) {
      for (const ch of text) {
        await tmux("send-keys", "-t", "t", "-l", ch);
        await pause(40);
      }
    },
    async key(...names) {
      for (const name of names) {
        await tmux("send-keys", "-t", "t", name);
        // A lone Escape must not run into the next key, or the terminal reads Alt+key.
        await pause(name === "Escape" ? 250 : 60);
      }
    },
    async waitFor(pattern, timeoutMs = 30_000) {
      const end = Date.now() + timeoutMs;
      let last = "";
      while (Date.now() < end) {
        last = await screen();
        // The same match on two reads in a row: not a frame caught half drawn.
        if (pattern.test(last)) {
          await pause(80);
          const again = await screen();
          if (again === last) return last;
          continue;
        }
        await pause(100);
      }
      throw new Error(`The screen never showed ${pattern} within ${timeoutMs} ms. Last screen:\n${last}`);
    },
    resize: async (columns, rows) => {
      await tmux("resize-window", "-t", "t", "-x", String(columns), "-y", String(rows));
    },
    async exitStatus() {
      const m = /^\[exited (\d+)\]$/m.exec(await screen());
      return m ? Number(m[1]) : undefined;
    },
    close: async () => {
      await tmux("kill-server").catch(() => undefined);
    },
  };
}
