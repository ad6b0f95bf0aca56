// Runs the keyless GitHub Action the way a runner does: action.yml and dist/ alone in a folder (a tag
// has no node_modules), INPUT_<NAME> for every declared input (the given value, else the default),
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, RUNNER_TEMP, GITHUB_WORKSPACE as the working folder.
import { execFile, execFileSync } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { cleanEnv, tempDir } from "./cli.js";

const ROOT = resolve(import.meta.dirname, "../..");

interface ActionYml {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; main: string };
}

/** Builds the action with `npm run build`'s script into a fresh folder holding only action.yml and dist/. */
export async function packAction(): Promise<string> {
  const dir = await tempDir("keyless-action-");
  execFileSync(process.execPath, [join(ROOT, "scripts/build.mjs"), join(dir, "dist")], { cwd: ROOT, stdio: "pipe" });
  copyFileSync(join(ROOT, "action.yml"), join(dir, "action.yml"));
  return dir;
}

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  /** GITHUB_OUTPUT as written. */
  outputFile: string;
  summary: string;
  workspace: string;
  runnerTemp: string;
}

/** The runner's rule for GITHUB_OUTPUT: `name=value` lines, or `name<<DELIM` … `DELIM`. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (line === "") continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2] as string, i + 1);
      if (end < 0) throw new Error(`unterminated output ${heredoc[1]}`);
      out[heredoc[1] as string] = lines.slice(i + 1, end).join("\n");
      i = end;
    } else {
      const eq = line.indexOf("=");
      if (eq < 0) throw new Error(`bad output line ${JSON.stringify(line)}`);
      out[line.slice(0, eq)] = line.slice(eq + 1);
    }
  }
  return out;
}

/**
 * The Node.js that runs the action: the runner's is Node 24 (`runs.using: node24`); KEYLESS_ACTION_NODE
 * names such a binary (CI sets it), else the one running the tests.
 */
function actionNode(): string {
  return process.env.KEYLESS_ACTION_NODE || process.execPath;
}

export async function runAction(actionDir: string, inputs: Record<string, string>, env: Record<string, string | undefined>): Promise<ActionRun> {
  const action = parse(readFileSync(join(actionDir, "action.yml"), "utf8")) as ActionYml;
  const undeclared = Object.keys(inputs).filter((k) => !(k in action.inputs));
  if (undeclared.length > 0) throw new Error(`the runner would warn: unexpected input(s) ${undeclared.join(", ")}`);
  const inputEnv: Record<string, string> = {};
  for (const [name, input] of Object.entries(action.inputs)) inputEnv[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] = inputs[name] ?? input.default ?? "";
  const workspace = await tempDir("keyless-workspace-");
  const runnerTemp = await tempDir("keyless-runner-temp-");
  const files = await tempDir("keyless-runner-files-");
  const outputFile = join(files, "output");
  const summaryFile = join(files, "step-summary");
  writeFileSync(outputFile, "");
  writeFileSync(summaryFile, "");
  const fullEnv = cleanEnv({ ...env, ...inputEnv, GITHUB_ACTIONS: "true", GITHUB_WORKSPACE: workspace, RUNNER_TEMP: runnerTemp, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile });
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(actionNode(), [join(actionDir, action.runs.main)], { env: fullEnv, cwd: workspace, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
    });
  });
  const output = readFileSync(outputFile, "utf8");
  return { code, stdout, stderr, outputs: parseOutputFile(output), outputFile: output, summary: readFileSync(summaryFile, "utf8"), workspace, runnerTemp };
}
