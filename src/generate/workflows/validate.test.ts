// The checks a patch must pass: GitHub's workflow parser (including its conversion step, which
// runs synchronously here) and re-analysis compared usage by usage.
import { describe, expect, it } from "vitest";
import { lines, patchOne } from "./test-helpers.js";
import { analyzeFiles, leftoverUsages, newParserErrors, parserErrors } from "./validate.js";

const PATH = ".github/workflows/ci.yml";

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
