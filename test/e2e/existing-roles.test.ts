// `keyless generate --local --no-aws` on a workflow that signs in with a key and then assumes the
// organization's access role: keyless cannot see the role and must never advise trusting into it.
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "../support/cli.js";

const workflow = (role: string) => `on:
  push:
    branches: [main]
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-access-key-id: \${{ secrets.AWS_ACCESS_KEY_ID }}
          aws-secret-access-key: \${{ secrets.AWS_SECRET_ACCESS_KEY }}
          aws-region: eu-west-1
          role-to-assume: ${role}
`;

async function generate(role: string) {
  const root = await tempDir();
  await mkdir(join(root, "web", ".github", "workflows"), { recursive: true });
  await mkdir(join(root, "web", ".git"), { recursive: true });
  await writeFile(join(root, "web", ".git", "config"), '[remote "origin"]\n\turl = git@github.com:acme/web.git\n');
  await writeFile(join(root, "web", ".github", "workflows", "deploy.yml"), workflow(role));
  await writeFile(join(root, "keyless.config.yaml"), "version: 1\nplan:\n  toolingAccountId: '111111111111'\n");
  const out = join(root, "out");
  const result = await runCli(["generate", "--local", join(root, "web"), "--no-aws", "--config", join(root, "keyless.config.yaml"), "--out", out]);
  const plan = JSON.parse(await readFile(join(out, "plan.json"), "utf8"));
  const readmes = (await readdir(join(out, "terraform"), { recursive: true }).catch(() => [] as string[])).filter((p) => String(p).endsWith("README.md"));
  const readme = (await Promise.all(readmes.map((p) => readFile(join(out, "terraform", String(p)), "utf8")))).join("\n");
  return { result, plan, readme };
}

describe("roles named in workflows, with no AWS scan", () => {
  it("never tells anyone to trust a repository's role into OrganizationAccountAccessRole", async () => {
    const { result, plan, readme } = await generate("arn:aws:iam::222222222222:role/OrganizationAccountAccessRole");
    expect(result.code).toBe(0);
    const repo = plan.repos.find((r: { repo: string }) => r.repo === "acme/web");
    expect(repo.status).toBe("blocked");
    expect(repo.issues.map((i: { code: string }) => i.code)).toContain("OrganizationAccessRole");
    expect(plan.existingRoleChanges).toEqual([]);
    expect(readme).not.toContain("OrganizationAccountAccessRole");
  });

  it("asks to confirm a role it has not seen instead of planning trust into it", async () => {
    const { plan, readme } = await generate("arn:aws:iam::222222222222:role/deployer");
    const repo = plan.repos.find((r: { repo: string }) => r.repo === "acme/web");
    expect(repo.status).toBe("blocked");
    expect(repo.issues.map((i: { code: string }) => i.code)).toContain("UnconfirmedRole");
    expect(readme).not.toContain("role/deployer");
  });
});
