// The diff screen's content for one repo: each workflow patch as a unified diff, then the Terraform
// that concerns it — the blocks of each account module that create its roles or attach to them.
import type { GeneratedFile } from "../../generate/terraform/index.js";
import { diffLines, hclLines, line, memoBy, type Line } from "./lines.js";
import type { TuiData } from "./model.js";

/** Top-level HCL blocks with the comment lines just above them; the files are fmt-aligned, so `}` at column 0 closes a block. */
export function hclBlocks(text: string): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  let open = false;
  for (const l of text.split("\n")) {
    if (!open && l.trim() === "") {
      current = [];
      continue;
    }
    current.push(l);
    if (!open && /^[a-z_]+\b.*\{\s*$/.test(l)) open = true;
    else if (open && l === "}") {
      blocks.push(current.join("\n"));
      current = [];
      open = false;
    }
  }
  return blocks;
}

/** The blocks tagged with the repo (its roles) and every block that refers to one of those roles. */
export function terraformForRepo(files: readonly GeneratedFile[], repo: string): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  const tag = `"keyless:repo" = ${JSON.stringify(repo)}`;
  for (const file of files.filter((f) => f.path.endsWith(".tf"))) {
    const blocks = hclBlocks(file.text);
    const own = blocks.filter((b) => b.includes(tag));
    if (own.length === 0) continue;
    const addresses = own.flatMap((b) => {
      const m = /^resource "([\w-]+)" "([\w-]+)"/m.exec(b);
      return m ? [`${m[1]}.${m[2]}.`] : [];
    });
    const picked = blocks.filter((b) => own.includes(b) || addresses.some((a) => b.includes(a)));
    out.push({ path: file.path, text: picked.join("\n\n") });
  }
  return out;
}

export const repoDiff = memoBy((data: TuiData, repo: string): Line[] => {
  const out: Line[] = [];
  const patches = data.generated.workflows.find((w) => w.repo === repo);
  for (const p of patches?.patches ?? []) {
    out.push(line(`Workflow ${p.path}`, "title"));
    for (const c of p.changes) out.push(line(`  · ${c}`, "dim"));
    for (const c of p.reviewerChecks) out.push(line(`  ! check: ${c}`, "warn"));
    out.push(...diffLines(p.diff), line(""));
  }
  for (const n of patches?.notPatched ?? []) out.push(line(`Not patched: ${n.path}: ${n.reason}`, "warn"));
  if (!patches || patches.patches.length === 0) {
    const status = data.index.repoPlans.get(repo)?.status;
    out.push(line(`No workflow patch for ${repo}${status ? ` (plan: ${status})` : " (nothing to migrate)"}.`, "dim"), line(""));
  }
  for (const tf of terraformForRepo(data.generated.terraform, repo)) {
    out.push(line(`Terraform terraform/${tf.path} (blocks for ${repo})`, "title"), ...hclLines(tf.text), line(""));
  }
  return out;
});
