// Reviewer checks on scripts of migrated jobs that copy the key variables somewhere else (a
// credentials file, a container, another name) without the session token temporary credentials need.
import type { Usage } from "../../analyze/workflows/index.js";
import { str } from "../../analyze/workflows/yaml-nodes.js";
import { loadModel } from "./model.js";

const COPIES = /(--key\b|--secret\b|configure\s+set|config\s+credentials|(?:^|\s)(?:-e|--env)\s|\w+=["']?\$\{?AWS_ACCESS_KEY_ID)/;
const READS_KEY = /\$\{?AWS_ACCESS_KEY_ID\b|\$\{\{\s*env\.AWS_ACCESS_KEY_ID\s*\}\}/;

export function tokenlessScriptChecks(path: string, after: string, patched: Usage[]): string[] {
  const model = loadModel(path, after);
  if ("error" in model) return [];
  const jobs = new Set(patched.flatMap((u) => [u.job, ...(u.reachedJobs ?? []).map((r) => r.job)]).filter((j): j is string => j !== undefined));
  const out: string[] = [];
  const steps = model.kind === "action" ? model.actionSteps.map((s) => ({ job: undefined, s })) : model.jobs.filter((j) => jobs.has(j.id)).flatMap((j) => j.steps.map((s) => ({ job: j.id, s })));
  for (const { job, s } of steps) {
    const run = str(s.run?.value);
    if (!run || /AWS_SESSION_TOKEN/.test(run)) continue;
    const line = run.split("\n").find((l) => READS_KEY.test(l) && COPIES.test(l));
    if (!line) continue;
    const at = `${job ? `job \`${job}\`, ` : ""}step ${s.ref.name ? `"${s.ref.name}"` : s.ref.index + 1} (line ${s.ref.span.line})`;
    out.push(`${at} copies AWS_ACCESS_KEY_ID (\`${line.trim().slice(0, 80)}\`) but not AWS_SESSION_TOKEN: temporary credentials do not work without it`);
  }
  return out;
}
