// The contract with the workflow patcher: for every ready repo of the acme plan, each usage the
// patcher asks about gets its roles from the plan, and the patches it makes assume exactly them.
import { describe, expect, it } from "vitest";
import { patchRepo, type RoleTarget } from "../generate/workflows/index.js";
import { roleAssignmentsFor } from "./index.js";
import { acmeFixture, planOf } from "../../test/support/plan.js";

describe("roleAssignmentsFor", () => {
  it("answers every usage the patcher asks about in the ready repos, with the plan's roles", () => {
    const fixture = acmeFixture();
    const plan = planOf(fixture);
    const misses: string[] = [];
    let patched = 0;
    for (const r of plan.repos.filter((r) => r.status === "ready")) {
      const repo = fixture.inventory.github?.repos.find((x) => x.fullName === r.repo);
      const lookup = roleAssignmentsFor(plan, r.repo);
      const roles = (t: RoleTarget) => {
        const choice = lookup(t);
        if (!choice) misses.push(`${r.repo} ${t.path}#${t.job}`);
        return choice;
      };
      const result = patchRepo({ repo: r.repo, files: (repo?.workflows ?? []).map((w) => ({ path: w.path, text: w.text ?? "" })), analysis: fixture.analysis.workflows.get(r.repo), roles });
      // A caller with `secrets: inherit` may only change how it calls; the ARNs land in its callee.
      const texts = result.patches.map((p) => p.after).join("\n");
      const migrated = new Set(result.patches.flatMap((p) => p.usageIds));
      patched += result.patches.length;
      for (const a of r.assignments.filter((a) => migrated.has(a.usageId))) {
        expect(texts, `${r.repo} ${a.path}`).toContain(a.entryRoleArn);
        if (a.chainRoleArn) expect(texts).toContain(a.chainRoleArn);
        if (a.externalId) expect(texts).toContain(a.externalId);
      }
    }
    expect(misses).toEqual([]);
    expect(patched).toBeGreaterThan(25);
  });
});
