// Crash tests: the built CLI as a child process against a `keyless sandbox` process, killed with
// SIGKILL when the sandbox has received its Nth write (the sandbox's write trap holds the next one,
// unapplied, or applied with its answer lost), then run again.
import { spawn } from "node:child_process";
import { BIN, cleanEnv } from "./cli.js";

export interface TrapStatus {
  writes: number;
  held: number;
  log: string[];
  dropped: Array<{ what: string; stage: "before" | "after" }>;
}

/** A sandbox admin call (`POST /_sandbox/<name>` on the AWS side). */
export async function admin<T = unknown>(env: Record<string, string>, name: string, body: unknown = {}): Promise<T> {
  const response = await fetch(`${env.AWS_ENDPOINT_URL}/_sandbox/${name}`, { method: "POST", headers: { "content-type": "application/json", "x-keyless-sandbox": "1" }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`admin ${name}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export const trap = (env: Record<string, string>, body: Record<string, unknown> = {}) => admin<TrapStatus>(env, "write-trap", body);

/**
 * Runs `keyless <args>` and kills it (SIGKILL) once the sandbox holds its write number `after + 1`
 * (counted from now). "killed": it was killed there; "finished": it ended before reaching it.
 */
export async function runKilledAt(args: string[], env: Record<string, string>, after: number, mode: "before" | "after"): Promise<{ outcome: "killed" | "finished"; output: string }> {
  const start = await trap(env);
  await trap(env, { holdAfter: start.writes + after, mode });
  const child = spawn(process.execPath, [BIN, ...args], { env: cleanEnv(env), stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += String(d)));
  child.stderr.on("data", (d) => (output += String(d)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let ended = false;
  void exited.then(() => (ended = true));
  let outcome: "killed" | "finished" = "finished";
  for (;;) {
    if (ended) break;
    if ((await trap(env)).held > 0) {
      child.kill("SIGKILL");
      outcome = "killed";
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await exited;
  await trap(env, { release: true });
  return { outcome, output };
}

/** Writes the sandbox applied (received, minus those held before being applied and then dropped), per entry. */
export function applied(status: TrapStatus, pattern: RegExp): Map<string, number> {
  const out = new Map<string, number>();
  for (const what of status.log) if (pattern.test(what)) out.set(what, (out.get(what) ?? 0) + 1);
  for (const d of status.dropped) if (d.stage === "before" && pattern.test(d.what)) out.set(d.what, (out.get(d.what) ?? 1) - 1);
  return out;
}
