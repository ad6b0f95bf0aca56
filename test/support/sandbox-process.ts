// Starts `keyless sandbox` as its own process, as a user would, and reads the environment it prints.
import { spawn, type ChildProcess } from "node:child_process";
import { BIN, cleanEnv } from "./cli.js";

export interface SandboxProcess {
  env: Record<string, string>;
  /** Everything it printed on stdout before it started serving (export lines and comments). */
  stdout: string;
  child: ChildProcess;
  stop(): Promise<number | null>;
}

export function startSandboxProcess(args: string[] = []): Promise<SandboxProcess> {
  const child = spawn(process.execPath, [BIN, "sandbox", ...args], { env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sandbox did not start: ${stderr}`)), 30_000);
    child.stderr?.on("data", (d) => {
      stderr += String(d);
      if (!stderr.includes("serving on 127.0.0.1")) return;
      clearTimeout(timer);
      const env: Record<string, string> = {};
      for (const m of stdout.matchAll(/^export ([A-Z_]+)=(.*)$/gm)) env[m[1] as string] = m[2] as string;
      resolve({
        env,
        stdout,
        child,
        stop: () =>
          new Promise((done) => {
            child.once("exit", (code) => done(code));
            child.kill("SIGINT");
          }),
      });
    });
    child.stdout?.on("data", (d) => (stdout += String(d)));
    child.once("exit", (code) => reject(new Error(`sandbox exited with ${code}: ${stderr}`)));
  });
}

/** The GitHub App `keyless sandbox` registered: its id and private key file, from the comment it prints. */
export function sandboxApp(stdout: string): { id: string; keyPath: string } {
  const match = /GITHUB_APP_ID=(\d+) GITHUB_APP_PRIVATE_KEY=(\S+)/.exec(stdout);
  if (!match) throw new Error(`keyless sandbox printed no GitHub App:\n${stdout}`);
  return { id: match[1] as string, keyPath: match[2] as string };
}
