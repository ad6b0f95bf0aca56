// Golden before/after files for every shape the patcher handles (test/support/generate/workflow-fixtures/*.before.yml →
// *.after.yml). Each patched file must also pass GitHub's parser and actionlint with no new error,
// and patching the result again must change nothing. UPDATE_GOLDEN=1 rewrites the after files.
import { existsSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { PatchOptions, RoleChoice } from "./index.js";
import { DEPLOY, ENTRY, FIXTURES, fixture, newActionlintErrors, patchMany } from "../../../test/support/generate/workflows.js";
import { newParserErrors } from "./validate.js";

interface Case {
  name: string;
  /** Fixture prefix → path in the repository. */
  files: Record<string, string>;
  choice: RoleChoice;
  options?: PatchOptions;
  /** How many usages are expected to stay unpatched. */
  left?: number;
}

const HUB: RoleChoice = { entryRoleArn: ENTRY, chainRoleArn: DEPLOY, externalId: "acme-shop-deploy" };
const DIRECT: RoleChoice = { entryRoleArn: ENTRY };
const W = ".github/workflows";

const CASES: Case[] = [
  { name: "configure step, hub-and-spoke", files: { "cac-hub": `${W}/site.yml` }, choice: HUB },
  { name: "configure step, direct, pinned, with a session duration", files: { "cac-direct": `${W}/nightly.yml` }, choice: DIRECT, options: { pinSha: "0123456789abcdef0123456789abcdef01234567", sessionDuration: 1800 } },
  { name: "key-then-assume: the assumed role becomes the chained role", files: { "key-then-assume": `${W}/release.yml` }, choice: DIRECT },
  { name: "workflow env reaching two jobs", files: { "env-workflow": `${W}/integration.yml` }, choice: HUB },
  { name: "job env, CRLF", files: { "env-job-crlf": `${W}/windows.yml` }, choice: DIRECT },
  { name: "step env in a container job, no final newline", files: { "env-step-no-newline": `${W}/backup.yml` }, choice: DIRECT },
  { name: "flow style", files: { "flow-style": `${W}/sync.yml` }, choice: DIRECT },
  { name: "run scripts", files: { scripts: `${W}/scripts.yml` }, choice: DIRECT },
  { name: "permissions: read-all, write-all, {}", files: { "permissions-shapes": `${W}/perms.yml` }, choice: DIRECT },
  { name: "reusable workflow, caller and callee", files: { "reusable-caller": `${W}/train.yml`, "reusable-callee": `${W}/deploy.yml` }, choice: HUB },
  { name: "composite action and its caller", files: { "composite-action": ".github/actions/aws-login/action.yml", "composite-caller": `${W}/image.yml` }, choice: DIRECT },
];

describe("golden patches", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const files = Object.entries(c.files).map(([prefix, path]) => ({ prefix, path, text: fixture(`${prefix}.before.yml`) }));
      const result = patchMany(Object.fromEntries(files.map((f) => [f.path, f.text])), c.choice, c.options);
      expect(result.notPatched.map((n) => n.reason)).toHaveLength(c.left ?? 0);
      for (const f of files) {
        const after = result.patches.find((p) => p.path === f.path)?.after ?? f.text;
        const golden = resolve(FIXTURES, `${f.prefix}.after.yml`);
        if (process.env.UPDATE_GOLDEN || !existsSync(golden)) writeFileSync(golden, after);
        expect(after, f.prefix).toBe(fixture(`${f.prefix}.after.yml`));
        expect(after, f.prefix).not.toBe(f.text);
        expect(newParserErrors(f.path, f.text, after), f.prefix).toEqual([]);
        if (!f.path.endsWith("action.yml")) expect(await newActionlintErrors(f.text, after, f.path), f.prefix).toEqual([]);
      }
      const again = patchMany(Object.fromEntries(files.map((f) => [f.path, result.patches.find((p) => p.path === f.path)?.after ?? f.text])), c.choice, c.options);
      expect(again.patches).toEqual([]);
    });
  }
});
