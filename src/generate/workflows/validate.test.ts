// The checks a patch must pass: GitHub's workflow parser (including its conversion step, which
// runs synchronously here) and re-analysis compared usage by usage.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from "@actions/workflow-parser";
import { parseAction } from "@actions/workflow-parser/actions/action-parser";
import { ErrorPolicy } from "@actions/workflow-parser/model/convert";
import { describe, expect, it } from "vitest";
import { buildScenario } from "../../sandbox/scenario/index.js";
import { FIXTURES, lines, patchOne } from "../../../test/support/generate/workflows.js";
import { analyzeFiles, leftoverUsages, newParserErrors, parserErrorList, parserErrors } from "./validate.js";

const PATH = ".github/workflows/ci.yml";

/** The package's own entry points, which parse the YAML themselves (what the check did before it shared the analyzer's parse). */
function packageErrors(path: string, text: string): unknown[] {
  const trace = new NoOperationTraceWriter();
  const file = { name: path, content: text };
  const action = /(^|\/)action\.ya?ml$/i.test(path);
  const result = action ? parseAction(file, trace) : parseWorkflow(file, trace);
  if (!action && result.value) void convertWorkflowTemplate(result.context, result.value, undefined, { errorPolicy: ErrorPolicy.TryConversion }).catch(() => undefined);
  return result.context.errors.getErrors().map((e) => ({ ...e }));
}

describe("GitHub's parser over the analyzer's parse", () => {
  it("reports exactly the errors, messages and positions the package reports when it parses the file itself", () => {
    const files: Array<[string, string]> = [
      ...readdirSync(FIXTURES).map((f): [string, string] => [f.includes("action") ? `.github/actions/${f}/action.yml` : `.github/workflows/${f}`, readFileSync(join(FIXTURES, f), "utf8")]),
      ...buildScenario("acme").github.repos.flatMap((r) => Object.entries(r.files).filter(([p]) => /\.ya?ml$/.test(p))),
      [".github/workflows/schema.yml", lines("on: push", "jobs:", "  a:", "    runs-on: ubuntu-latest", "    timeout-minutes: soon", "    bogus: 1", "    steps:", "      - run: echo ${{ github.sha }", "      - uses: x@v1", "        run: echo")],
      [".github/workflows/dup.yml", lines("on: push", "on: pull_request", "jobs:", "  a:", "    runs-on: ubuntu-latest", "    steps:", "      - run: echo")],
      [".github/workflows/docs.yml", lines("on: push", "jobs:", "  a:", "    runs-on: ubuntu-latest", "    steps:", "      - run: echo", "---", "on: push")],
      [".github/workflows/anchors.yml", lines("on: push", "env: &e", "  A: 1", "jobs:", "  a:", "    runs-on: ubuntu-latest", "    env: *e", "    steps:", "      - run: echo")],
      [".github/workflows/crlf.yml", lines("on: push", "jobs:", "  a:", "    runs-on: [ubuntu-latest", "    steps: |", "      x", "    bogus: 1").replace(/\n/g, "\r\n")],
      [".github/actions/odd/action.yml", lines("name: x", "runs:", "  using: composite", "  steps:", "    - run: echo")],
    ];
    expect(files.length).toBeGreaterThan(40);
    let withErrors = 0;
    for (const [path, text] of files) {
      const expected = packageErrors(path, text);
      if (expected.length > 0) withErrors++;
      expect({ path, errors: parserErrorList(path, text).map((e) => ({ ...e })) }).toEqual({ path, errors: expected });
    }
    expect(withErrors).toBeGreaterThan(3);
  });
});

describe("parser checks", () => {
  it("reports schema errors without their positions", () => {
    const text = lines("on: push", "jobs:", "  a:", "    runs-on: ubuntu-latest", "    permissions:", "      id-token: read", "    steps:", "      - run: echo");
    expect(parserErrors(PATH, text)).toEqual(["Unexpected value 'read'"]);
  });

  it("reports the conversion step's errors too (a job graph with no start)", () => {
    const text = lines("on: push", "jobs:", "  a:", "    needs: b", "    runs-on: ubuntu-latest", "    steps:", "      - run: echo", "  b:", "    needs: a", "    runs-on: ubuntu-latest", "    steps:", "      - run: echo");
    expect(parserErrors(PATH, text).join("\n")).toMatch(/at least one job with no dependencies|cycle/i);
  });

  it("counts only errors the original did not have, wherever they moved", () => {
    const before = lines("on: push", "jobs:", "  a:", "    runs-on: ubuntu-latest", "    timeout-minutes: soon", "    steps:", "      - run: echo");
    const moved = before.replace("jobs:\n", "jobs:\n  # a comment moves the error down a line\n");
    expect(newParserErrors(PATH, before, moved)).toEqual([]);
    expect(newParserErrors(PATH, before, moved.replace("      - run: echo", "      - run: echo\n        bogus: 1"))).toEqual(["Unexpected value 'bogus'"]);
  });

  it("checks composite actions with the action schema", () => {
    const action = lines("name: x", "description: y", "runs:", "  using: composite", "  steps:", "    - run: echo", "      shell: bash");
    expect(parserErrors(".github/actions/x/action.yml", action)).toEqual([]);
    expect(parserErrors(".github/actions/x/action.yml", action.replace("  using: composite\n", ""))).not.toEqual([]);
  });
});

describe("re-analysis", () => {
  const text = lines(
    "on: push",
    "jobs:",
    "  a:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    "      - env:",
    "          AWS_ACCESS_KEY_ID: ${{ secrets.ID }}",
    "          AWS_SECRET_ACCESS_KEY: ${{ secrets.SECRET }}",
    "        run: aws s3 ls --region us-east-1",
  );

  it("finds nothing left after a patch, and whatever was not patched", () => {
    const before = analyzeFiles("acme/app", [{ path: PATH, text }]);
    const after = analyzeFiles("acme/app", [{ path: PATH, text: patchOne(text, undefined, undefined, PATH).patch?.after ?? "" }]);
    expect(leftoverUsages(before, after, before)).toEqual([]);
    expect(leftoverUsages(before, before, [])).toEqual([]);
    expect(leftoverUsages(before, before, before)).toHaveLength(1);
  });

  it("counts a usage that moved lines as the same usage", () => {
    const before = analyzeFiles("acme/app", [{ path: PATH, text }]);
    const shifted = analyzeFiles("acme/app", [{ path: PATH, text: `# header\n${text}` }]);
    expect(leftoverUsages(before, shifted, [])).toEqual([]);
  });
});
