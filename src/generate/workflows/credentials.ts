// Where configure-aws-credentials steps are inserted. Each job's steps are walked in order, tracking
// which role the environment holds: a step that needs a role it does not hold gets a configure step
// right before it (with the step's own `if:`); job-wide needs get one at the start of the job.
import type { Node } from "yaml";
import type { JobCtx, StepCtx } from "../../analyze/workflows/scope.js";
import { isCac } from "../../analyze/workflows/jobs.js";
import { str } from "../../analyze/workflows/yaml-nodes.js";
import { insertedSteps } from "./cac-text.js";
import type { Contribution, CredentialNeed } from "./contribution.js";
import { pairAt, type FileModel } from "./model.js";
import { choiceKey, type ResolvedOptions } from "./options.js";
import type { TextEdit } from "./text-edits.js";
import { dashOf, insertionBefore, separatedInsert, renderStep, scalarSource, stepIndent, yamlScalar } from "./yaml-text.js";

export interface CredentialEdits {
  edits: TextEdit[];
  changes: string[];
  /** Usages whose need could not be met, and why. */
  errors: Map<string, string>;
}

interface Active {
  key: string;
  condition: string;
}

export function credentialEdits(model: FileModel, contributions: Contribution[], options: ResolvedOptions): CredentialEdits {
  const out: CredentialEdits = { edits: [], changes: [], errors: new Map() };
  const groups = new Map<string, { job?: JobCtx; needs: CredentialNeed[] }>();
  for (const c of contributions) {
    for (const need of c.credentials) {
      const id = need.job?.id ?? "";
      const group = groups.get(id) ?? { ...(need.job ? { job: need.job } : {}), needs: [] };
      group.needs.push(need);
      groups.set(id, group);
    }
  }
  const configured = new Map<StepCtx, string>();
  for (const c of contributions) for (const s of c.configured) configured.set(s.step, choiceKey(s.choice));

  for (const { job, needs } of groups.values()) {
    const steps = job ? job.steps : model.actionSteps;
    const first = steps[0];
    const fail = (list: CredentialNeed[], why: string) => list.forEach((n) => out.errors.set(n.usageId, why));
    if (!first) {
      fail(needs, "the job has no steps to add a configure step to");
      continue;
    }
    const indent = stepIndent(model, first.node, steps.map((s) => s.node));
    if (!indent) {
      fail(needs, "the job's steps are not a block sequence");
      continue;
    }
    const render = (need: CredentialNeed, condition: string | undefined) =>
      insertedSteps(need.choice, need.region ?? "", condition, options)
        .map((fields) => renderStep(fields, indent, model.eol))
        .join("");
    const noRegion = (list: CredentialNeed[]) => {
      const missing = list.filter((n) => n.region === undefined);
      fail(missing, `no AWS region is known for ${job ? `job \`${job.id}\`` : "the action's steps"}: ${options.missingRegionHint ?? "give one in the role assignment"}`);
      return missing.length > 0;
    };
    const insertAt = (step: StepCtx) => {
      const dash = step.node.range ? dashOf(model.text, step.node.range[0]) : undefined;
      return dash === undefined ? undefined : insertionBefore(model.text, dash);
    };

    const jobWide = needs.filter((n) => !n.before);
    const keys = new Set(jobWide.map((n) => choiceKey(n.choice)));
    let active: Active | undefined;
    if (keys.size > 1) fail(jobWide, `the job would need ${keys.size} different roles from its start; split it or give its usages one role`);
    else if (jobWide[0] && !noRegion(jobWide)) {
      const at = insertAt(first);
      if (at === undefined) fail(jobWide, "the first step's position could not be found");
      else {
        out.edits.push({ offset: at, end: at, text: render(jobWide[0], undefined) });
        out.changes.push(`${job ? `job \`${job.id}\`` : "the action"}: added a configure-aws-credentials step at the start`);
        active = { key: choiceKey(jobWide[0].choice), condition: "" };
      }
    }
    for (const step of steps) {
      const here = needs.filter((n) => n.before === step);
      const hereKeys = new Set(here.map((n) => choiceKey(n.choice)));
      const condition = conditionOf(model, step);
      if (hereKeys.size > 1) fail(here, "one step would need two different roles");
      else if (here[0]) {
        const key = choiceKey(here[0].choice);
        const covered = active !== undefined && active.key === key && (active.condition === "" || active.condition === (condition ?? ""));
        if (!covered && !noRegion(here)) {
          const at = insertAt(step);
          if (at === undefined) fail(here, "the step's position could not be found");
          else {
            out.edits.push(separatedInsert(model.text, at, render(here[0], condition), model.eol, "before"));
            out.changes.push(`${job ? `job \`${job.id}\`, ` : ""}step ${step.ref.name ? `"${step.ref.name}"` : step.ref.index + 1} (line ${step.ref.span.line}): added a configure-aws-credentials step before it`);
            active = { key, condition: condition ?? "" };
          }
        }
      }
      const own = configured.get(step);
      if (own !== undefined) active = { key: own, condition: conditionOf(model, step) ?? "" };
      else if (isCac(step.action)) active = undefined; // another role from here on
    }
  }
  return out;
}

/** A step's `if:` as YAML text, to copy onto a step inserted for it. */
function conditionOf(model: FileModel, step: StepCtx): string | undefined {
  const node = pairAt(model, [...step.path, "if"])?.value as Node | null | undefined;
  if (!node) return undefined;
  return scalarSource(model.text, node) ?? yamlScalar(str(node) ?? "");
}
