// Credentials in `env:` blocks: workflow, job, step, job container, service containers, and the env
// of docker:// steps. One usage per credential set in a block (a block may hold several pairs).
import { classifyEnvName, groupSlots } from "./credential-names.js";
import { carriesKey, slotOfEntry, type UsageDraft } from "./draft.js";
import type { EnvLevelOf, Scope } from "./scope.js";
import type { CredentialSlot, EnvLevel, YamlPath } from "./types.js";
import { entries, entrySpan, type Entry } from "./yaml-nodes.js";

const AT: Record<EnvLevel, EnvLevelOf> = {
  workflow: "workflow-env",
  job: "job-env",
  step: "step-env",
  container: "job-env",
  service: "job-env",
  action: "workflow-env",
};

export function envUsages(scope: Scope, envEntry: Entry | undefined, level: EnvLevel, envPath: YamlPath): UsageDraft[] {
  if (!envEntry) return [];
  const named: Array<{ slot: CredentialSlot; group: string }> = [];
  for (const e of entries(scope.file.doc, envEntry.value)) {
    const name = classifyEnvName(e.key);
    if (!name) continue;
    named.push({ slot: slotOfEntry(scope, e, name, AT[level], [...envPath, e.key]), group: name.group });
  }
  const sets = groupSlots(named, (n) => ({ role: n.slot.role, standard: n.slot.standard, group: n.group }));
  const docker = level === "container" || level === "service" || (level === "step" && scope.step?.action?.docker === true);
  const out: UsageDraft[] = [];
  for (const set of sets) {
    const slots = set.map((n) => n.slot);
    if (!carriesKey(scope, slots)) continue;
    const notes: string[] = [];
    if (slots.some((s) => !s.standard)) {
      notes.push("non-standard variable names: the key is read by the program or tool that runs, not by the AWS SDK's default chain");
    }
    out.push({
      kind: docker ? "docker-action-env" : "env",
      scope,
      slots,
      anchor: entrySpan(scope.file.src, envEntry),
      envLevel: level,
      // The action a step's env is given to (a docker:// image, or an action that reads AWS_* itself).
      ...((level === "step" || docker) && scope.step?.action ? { action: scope.step.action } : {}),
      ...(level === "workflow" ? { reachedJobs: scope.file.jobs.filter((j) => !j.uses) } : {}),
      notes,
    });
  }
  return out;
}
