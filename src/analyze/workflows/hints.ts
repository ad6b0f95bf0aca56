// Hints of the region and the AWS account a usage targets: aws-region, AWS_REGION/AWS_DEFAULT_REGION
// in env, `--region` in scripts; account ids in ARNs (role-to-assume), ECR registry hosts, *ACCOUNT_ID env.
import type { UsageDraft } from "./draft.js";
import { isCac } from "./jobs.js";
import { envChain, type EnvLevelOf, type Scope } from "./scope.js";
import { inComment, span, type SourceFile } from "./source.js";
import type { AccountHint, RegionHint } from "./types.js";
import { entries, entry, nodeSpan, str, type Entry } from "./yaml-nodes.js";

const REGION_VARS = ["AWS_REGION", "AWS_DEFAULT_REGION"];
const REGION = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d$/;

export function regionHints(draft: UsageDraft): RegionHint[] {
  const { scope } = draft;
  const { file, job, step } = scope;
  const out: RegionHint[] = [];
  const add = (e: Entry | undefined, source: string, at: EnvLevelOf) => {
    const where = nodeSpan(file.src, e?.value);
    const raw = str(e?.value)?.trim();
    if (!e || !where || !raw) return;
    const literal = literalOf(scope, raw, at);
    out.push({ value: literal ?? raw, literal: literal !== undefined, source, span: where });
  };
  if (step && (draft.kind === "configure-aws-credentials" || draft.kind === "key-then-assume")) {
    add(entry(file.doc, step.with?.value, "aws-region"), "aws-region", "with");
  }
  const levels: Array<[Entry | undefined, EnvLevelOf]> = [];
  if (step) levels.push([step.env, "step-env"]);
  if (job) levels.push([job.env, "job-env"]);
  levels.push([file.env, "workflow-env"]);
  for (const [env, at] of levels) for (const name of REGION_VARS) add(entry(file.doc, env?.value, name), `env:${name}`, at);

  const runs = step ? [step] : job ? job.steps : draft.envLevel === "workflow" ? file.jobs.flatMap((j) => j.steps) : [];
  for (const s of runs) {
    const node = s.run?.value;
    if (!node?.range) continue;
    const text = file.src.text.slice(node.range[0], node.range[1]);
    const re = /--region[=\s]+["']?([a-z]{2}(?:-gov)?-[a-z]+-\d)\b/g;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const at = node.range[0] + m.index + m[0].length - (m[1]?.length ?? 0);
      out.push({ value: m[1] ?? "", literal: true, source: "run:--region", span: span(file.src, at, at + (m[1]?.length ?? 0)) });
    }
  }
  return dedupe(out, (h) => `${h.source}|${h.value}`);
}

/** A literal value, following `${{ env.X }}` through the env blocks in scope. */
function literalOf(scope: Scope, raw: string, at: EnvLevelOf, depth = 0): string | undefined {
  if (!raw.includes("${{")) return REGION.test(raw) ? raw : undefined;
  const m = /^\$\{\{\s*env\.([A-Za-z_][\w-]*)\s*\}\}$/.exec(raw);
  if (!m || depth > 4) return undefined;
  const chain = envChain(scope, at);
  for (let i = 0; i < chain.length; i++) {
    const found = str(entry(scope.file.doc, chain[i]?.value, m[1] ?? "")?.value)?.trim();
    if (found !== undefined) return literalOf(scope, found, "workflow-env", depth + 1);
  }
  return undefined;
}

export function accountHints(draft: UsageDraft): AccountHint[] {
  const { file, job, step } = draft.scope;
  const src = file.src;
  // Where to look: the job (and the workflow env it sees), or the whole file for workflow-level usages.
  const ranges: Array<[number, number]> = [];
  if (job) ranges.push([job.offset, job.endOffset]);
  else ranges.push([0, src.text.length]);
  const envRange = file.env?.value?.range;
  if (job && envRange) ranges.push([envRange[0], envRange[1]]);
  // Roles other configure-aws-credentials steps assume are their accounts, not this usage's.
  const otherRoles = (job?.steps ?? file.actionSteps)
    .filter((s) => s !== step && isCac(s.action))
    .map((s) => entry(file.doc, s.with?.value, "role-to-assume")?.value?.range)
    .filter((r): r is [number, number, number] => !!r);
  const out: AccountHint[] = [];
  for (const [from, to] of ranges) {
    out.push(...scanAccounts(src, from, to).filter((h) => !otherRoles.some((r) => h.span.offset >= r[0] && h.span.offset < r[1])));
  }
  const envs = [step?.env, job?.env, file.env];
  for (const env of envs) {
    for (const e of entries(file.doc, env?.value)) {
      if (!/ACCOUNT_ID$/i.test(e.key)) continue;
      const value = str(e.value)?.trim();
      const where = nodeSpan(src, e.value);
      if (!value || !where) continue;
      if (/^\d{12}$/.test(value)) out.push({ accountId: value, source: "env", span: where });
      else if (value.includes("${{")) out.push({ ref: value, source: "env", span: where });
    }
  }
  const allowed = str(entry(file.doc, step?.with?.value, "allowed-account-ids")?.value);
  const allowedNode = entry(file.doc, step?.with?.value, "allowed-account-ids")?.value;
  const allowedSpan = nodeSpan(src, allowedNode);
  if (allowed && allowedSpan) for (const id of allowed.match(/\d{12}/g) ?? []) out.push({ accountId: id, source: "allowed-account-ids", span: allowedSpan });
  return dedupe(out, (h) => `${h.source}|${h.accountId ?? h.ref}`);
}

function scanAccounts(src: SourceFile, from: number, to: number): AccountHint[] {
  const text = src.text.slice(from, to);
  const out: AccountHint[] = [];
  const arn = /arn:aws[a-z-]*:([a-z0-9-]+):[a-z0-9-]*:(\d{12}|\$\{\{[^}]*\}\}):/g;
  for (let m = arn.exec(text); m; m = arn.exec(text)) {
    const start = from + m.index + m[0].length - (m[2]?.length ?? 0) - 1;
    if (inComment(src, start)) continue;
    out.push(accountHint(src, m[2] ?? "", m[1] === "iam" ? "role-arn" : "arn", start));
  }
  const ecr = /(\d{12}|\$\{\{[^}]*\}\})\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com/g;
  for (let m = ecr.exec(text); m; m = ecr.exec(text)) {
    const start = from + m.index;
    if (!inComment(src, start)) out.push(accountHint(src, m[1] ?? "", "ecr-registry", start));
  }
  return out;
}

function accountHint(src: SourceFile, value: string, source: AccountHint["source"], start: number): AccountHint {
  const where = span(src, start, start + value.length);
  return /^\d{12}$/.test(value) ? { accountId: value, source, span: where } : { ref: value, source, span: where };
}

function dedupe<T>(list: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return list.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
