// A dependabot.yml whose CodeArtifact registries belong to two domain owners (AWS accounts): each
// patched registry's `account-id` is its own owner, so the role it names must exist in that account.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { DEPENDABOT_YML, DEPENDABOT_YML_TWO_OWNERS as TWO_OWNERS, dependabotInventory, REFRESH_WORKFLOW } from "../../../test/support/dependabot/codeartifact.js";
import { analyze } from "../../analyze/index.js";
import { DEFAULT_ANALYSIS_CONFIG } from "../../analyze/model.js";
import { dependabotSection } from "../../plan/dependabot-markdown.js";
import { planDependabot } from "../../plan/dependabot.js";
import { generateDependabotPatches } from "./index.js";

const inventory = (dependabotYml: string) => dependabotInventory({ ".github/workflows/refresh-codeartifact-token.yml": REFRESH_WORKFLOW }, dependabotYml);

function planAndGenerate(dependabotYml: string) {
  const inv = inventory(dependabotYml);
  const analysis = analyze(inv, DEFAULT_ANALYSIS_CONFIG, new Date("2026-11-20T12:00:00Z"));
  const dependabot = planDependabot(inv, analysis);
  return { dependabot, patches: generateDependabotPatches({ dependabot }, inv) };
}

describe("CodeArtifact registries of two domain owners", () => {
  const { dependabot, patches } = planAndGenerate(TWO_OWNERS);
  const [patch] = patches;

  it("every account a patched registry names gets the role it names, allowed only that account's registries", () => {
    const yml = parse(patch!.after).registries;
    expect([yml.codeartifact["account-id"], yml["pypi-shared"]["account-id"]]).toEqual(["012345678901", "210987654321"]);
    const named = Object.values(yml as Record<string, Record<string, string>>).filter((r) => r["role-name"]).map((r) => `${r["account-id"]}/${r["role-name"]}`);
    const made = patch!.roles.map((r) => `${r.accountId}/${r.roleName}`);
    expect(made.sort()).toEqual(named.sort());
    const resources = (accountId: string) =>
      JSON.stringify((patch!.roles.find((r) => r.accountId === accountId)!.permissionPolicy as { Statement: unknown[] }).Statement);
    expect(resources("210987654321")).toContain(":210987654321:repository/platform/wheels");
    expect(resources("210987654321")).not.toContain("012345678901");
    expect(resources("012345678901")).not.toContain("210987654321");
    expect(JSON.stringify(patch!.roles.find((r) => r.accountId === "210987654321")!.trustPolicy)).toContain("arn:aws:iam::210987654321:oidc-provider/");
  });

  it("the plan lists each account with its registries, and plan.md names them", () => {
    expect(dependabot[0]?.roles).toEqual([
      { accountId: "012345678901", registries: ["codeartifact"] },
      { accountId: "210987654321", registries: ["pypi-shared"] },
    ]);
    expect(dependabotSection(dependabot).join("\n")).toContain("each of accounts `012345678901` (`codeartifact`), `210987654321` (`pypi-shared`)");
  });

  it("a plan saved before `roles` still gets one role per domain owner", () => {
    const old = dependabot.map(({ roles: _, ...rest }) => rest);
    expect(generateDependabotPatches({ dependabot: old }, inventory(TWO_OWNERS))[0]?.roles.map((r) => r.accountId)).toEqual(["012345678901", "210987654321"]);
  });

  it("one owner: one role, in that account", () => {
    const single = planAndGenerate(DEPENDABOT_YML);
    expect(single.patches[0]?.roles.map((r) => r.accountId)).toEqual(["012345678901"]);
    expect(dependabotSection(single.dependabot).join("\n")).toContain("in account `012345678901`,");
  });
});
