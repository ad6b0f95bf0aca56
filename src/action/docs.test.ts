// docs/action.md cannot drift: its weekly workflow passes GitHub's workflow parser and actionlint,
// and calls the action only with inputs action.yml declares; its Terraform is exactly what
// `keyless generate --action-role --repo acme/security` writes.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { actionlintMessages } from "../../test/support/generate/workflows.js";
import { generateAuditRoleTerraform } from "../generate/terraform/audit-role.js";
import { parserErrors } from "../generate/workflows/validate.js";

const ROOT = resolve(import.meta.dirname, "../..");
const DOC = readFileSync(join(ROOT, "docs/action.md"), "utf8");

/** The fenced block right after the `<!-- test: … -->` marker that starts with `marker`. */
function blockAfter(marker: string): string {
  const at = DOC.indexOf(`<!-- test: ${marker}`);
  if (at < 0) throw new Error(`no marker ${marker}`);
  const open = DOC.indexOf("```", at);
  const start = DOC.indexOf("\n", open) + 1;
  return DOC.slice(start, DOC.indexOf("\n```\n", start) + 1);
}

const WORKFLOW = blockAfter("the weekly workflow");

describe("docs/action.md", () => {
  it("shows a weekly workflow that GitHub's parser and actionlint accept", async () => {
    expect(parserErrors(".github/workflows/keyless-audit.yml", WORKFLOW)).toEqual([]);
    expect(await actionlintMessages(WORKFLOW, ".github/workflows/keyless-audit.yml")).toEqual([]);
  });

  it("runs weekly and by hand, with OIDC for AWS and the least permissions, and no AWS key anywhere", () => {
    const wf = parse(WORKFLOW) as { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, { steps: Array<{ uses?: string; with?: Record<string, string> }> }> };
    expect(Object.keys(wf.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
    expect(wf.permissions).toEqual({ "id-token": "write", contents: "read", "security-events": "write" });
    const steps = Object.values(wf.jobs).flatMap((j) => j.steps);
    const aws = steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
    expect(aws?.with?.["role-to-assume"]).toMatch(/^arn:aws:iam::\d{12}:role\/keyless-audit$/);
    expect(WORKFLOW).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/);
    const uses = steps.map((s) => s.uses?.split("@")[0]);
    expect(uses).toEqual(expect.arrayContaining(["actions/create-github-app-token", "actions/upload-artifact", "github/codeql-action/upload-sarif"]));
  });

  it("gives the keyless step only inputs action.yml declares, every required one, and reads only outputs it declares", () => {
    const action = parse(readFileSync(join(ROOT, "action.yml"), "utf8")) as { inputs: Record<string, { required?: boolean }>; outputs: Record<string, unknown> };
    const wf = parse(WORKFLOW) as { jobs: Record<string, { steps: Array<{ id?: string; uses?: string; with?: Record<string, string> }> }> };
    const step = Object.values(wf.jobs).flatMap((j) => j.steps).find((s) => /\/keyless@/.test(s.uses ?? ""));
    expect(step?.id).toBe("keyless");
    const given = Object.keys(step?.with ?? {});
    expect(given.filter((k) => !(k in action.inputs))).toEqual([]);
    expect(Object.entries(action.inputs).filter(([, i]) => i.required).map(([n]) => n).filter((n) => !given.includes(n))).toEqual([]);
    const read = [...WORKFLOW.matchAll(/steps\.keyless\.outputs\.([\w-]+)/g)].map((m) => m[1] as string);
    expect(read.length).toBeGreaterThan(0);
    expect(read.filter((o) => !(o in action.outputs))).toEqual([]);
  });

  it("shows exactly the Terraform keyless generate --action-role writes", () => {
    const main = generateAuditRoleTerraform({ repo: "acme/security", branch: "main", memberRole: "OrganizationAccountAccessRole", roleName: "keyless-audit", partition: "aws" }).find((f) => f.path === "audit-role/main.tf");
    expect(blockAfter("keyless generate --action-role")).toBe(main?.text);
  });
});
