// KL121's dependabot.yml patch is decided by the plan and only written by generate: `keyless generate
// --from` a folder whose plan.json a reviewer edited writes the registries that plan names, no more,
// and nothing for a change the reviewer took out. A plan.json of a keyless that listed only the
// registries' keys still gives the same file.
import { cp, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { checkout } from "../support/checkout.js";
import { runCli, tempDir } from "../support/cli.js";
import { REFRESH_WORKFLOW } from "../support/dependabot/codeartifact.js";

// Two CodeArtifact registries read the refreshed secret (npm and maven of one domain), a third does not.
const DEPENDABOT_YML = `version: 2
registries:
  npm-mirror:
    type: npm-registry
    url: https://acme-012345678901.d.codeartifact.eu-west-1.amazonaws.com/npm/shared/
    token: \${{secrets.CODEARTIFACT_TOKEN}}
  maven-libs:
    type: maven-repository
    url: https://acme-012345678901.d.codeartifact.eu-west-1.amazonaws.com/maven/libs/
    username: aws
    password: \${{ secrets.CODEARTIFACT_TOKEN }}
  github:
    type: npm-registry
    url: https://npm.pkg.github.com
    token: \${{ secrets.GH_PACKAGES_TOKEN }}
updates:
  - package-ecosystem: "npm"
    directory: "/"
    registries: [npm-mirror]
    schedule:
      interval: "daily"
`;

let root: string;
let plan: any;

/** A copy of the planned folder with plan.json edited by `edit`, then `keyless generate --from` it. */
async function generateFrom(name: string, edit: (plan: any) => void): Promise<string> {
  const folder = join(root, name);
  await cp(join(root, "reviewed"), folder, { recursive: true });
  const edited = structuredClone(plan);
  edit(edited);
  await writeFile(join(folder, "plan.json"), `${JSON.stringify(edited, null, 2)}\n`);
  const run = await runCli(["generate", "--from", folder, "--quiet", "--out", join(folder, "generated")], { cwd: root });
  expect(run.code, run.stderr).toBe(0);
  return join(folder, "generated");
}

const patched = (out: string) => readFile(join(out, "dependabot", "acme", "web", ".github", "dependabot.yml"), "utf8");

beforeAll(async () => {
  root = await tempDir("keyless-dependabot-plan-");
  const dir = await checkout(root, "web", { ".github/workflows/refresh-codeartifact-token.yml": REFRESH_WORKFLOW, ".github/dependabot.yml": DEPENDABOT_YML }, "git@github.com:acme/web.git");
  const run = await runCli(["plan", "--local", dir, "--no-aws", "--quiet", "--out", "reviewed"], { cwd: root });
  expect(run.code, run.stderr).toBe(0);
  plan = JSON.parse(await readFile(join(root, "reviewed", "plan.json"), "utf8"));
}, 120_000);

describe("dependabot.yml on OIDC: the plan decides, generate writes", () => {
  it("plan.json names both registries that read the refreshed secret, with what each URL names", () => {
    expect(plan.dependabot).toHaveLength(1);
    expect(plan.dependabot[0]).toMatchObject({ repo: "acme/web", registries: ["npm-mirror", "maven-libs"], roleName: "dependabot-codeartifact-web", accountId: "012345678901" });
    expect(plan.dependabot[0].codeArtifact).toEqual([
      { key: "npm-mirror", domain: "acme", domainOwner: "012345678901", region: "eu-west-1", repository: "shared" },
      { key: "maven-libs", domain: "acme", domainOwner: "012345678901", region: "eu-west-1", repository: "libs" },
    ]);
  });

  it("a reviewed plan that keeps one registry: only that one moves to OIDC, the other keeps its token", async () => {
    const out = await generateFrom("one-registry", (p) => {
      p.dependabot[0].registries = ["npm-mirror"];
      p.dependabot[0].codeArtifact = p.dependabot[0].codeArtifact?.slice(0, 1);
    });
    const registries = parse(await patched(out)).registries;
    expect(registries["npm-mirror"]).toMatchObject({ "role-name": "dependabot-codeartifact-web", domain: "acme" });
    expect(registries["npm-mirror"].token).toBeUndefined();
    expect(registries["maven-libs"]).toEqual({ type: "maven-repository", url: "https://acme-012345678901.d.codeartifact.eu-west-1.amazonaws.com/maven/libs/", username: "aws", password: "${{ secrets.CODEARTIFACT_TOKEN }}" });
    const policy = JSON.parse(await readFile(join(out, "dependabot", "acme", "web", "dependabot-codeartifact-web.policy.json"), "utf8"));
    expect(policy.Statement.find((s: any) => s.Sid === "CodeArtifactRead").Resource).toEqual(["arn:aws:codeartifact:eu-west-1:012345678901:repository/acme/shared"]);
  });

  it("a reviewed plan without the Dependabot change: no dependabot.yml and no role written", async () => {
    const out = await generateFrom("no-dependabot", (p) => delete p.dependabot);
    await expect(stat(join(out, "dependabot"))).rejects.toThrow(/ENOENT/);
  });

  it("a plan.json that lists only the registries' keys (no codeArtifact) gives the same file byte for byte", async () => {
    const full = await patched(await generateFrom("as-planned", () => {}));
    const keysOnly = await patched(await generateFrom("keys-only", (p) => delete p.dependabot[0].codeArtifact));
    expect(keysOnly).toBe(full);
    expect(full).not.toContain("CODEARTIFACT_TOKEN");
    expect(full).toContain("  github:\n    type: npm-registry\n    url: https://npm.pkg.github.com\n    token: ${{ secrets.GH_PACKAGES_TOKEN }}\n");
  });
});
