import { describe, expect, it } from "vitest";
import { KL102 } from "./kl102-literal-key-id.js";
import { context, key, lines, repoWith } from "../../../test/support/analyze/rules-fixtures.js";

const text = lines(
  "on: push",
  "jobs:",
  "  deploy:",
  "    runs-on: ubuntu-latest",
  "    env:",
  "      AWS_ACCESS_KEY_ID: AKIAZZZZZZZZZZZZZZZ2", // 6
  "      AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}",
  "    steps:",
  "      - run: aws s3 ls",
  "      # old key: ASIAZZZZZZZZZZZZZZZ3", // 10
  "      # docs: AKIAIOSFODNN7EXAMPLE", // 11
);

describe("KL102 literal key id in a workflow file", () => {
  const findings = KL102.check(context({ repos: [repoWith("acme/app", text)], keys: [key({ accessKeyId: "AKIAZZZZZZZZZZZZZZZ2", userName: "ci" })] }));

  it("flags each key id at its exact position, and names the key's owner when the inventory has it", () => {
    const akia = findings.find((f) => f.location?.line === 6);
    expect(akia?.location).toMatchObject({ line: 6, column: 26, endColumn: 46 });
    expect(akia?.message).toBe("Access key id AKIAZZZZZZZZZZZZZZZ2 is written in .github/workflows/deploy.yml: it is an active key of IAM user ci in account 111122223333.");
    expect(akia?.severity).toBe("medium");
  });

  it("reports a temporary ASIA id in a comment as low", () => {
    const asia = findings.find((f) => f.location?.line === 10);
    expect(asia?.severity).toBe("low");
    expect(asia?.message).toContain("(in a comment)");
  });

  it("ignores AWS's documented example key ids", () => {
    expect(findings.map((f) => f.location?.line).sort()).toEqual([10, 6]);
  });

  it("finds key ids in a file whose YAML is broken", () => {
    const broken = "on: push\njobs: [\n  key: AKIAZZZZZZZZZZZZZZZ2\n";
    const [f] = KL102.check(context({ repos: [repoWith("acme/app", broken)] }));
    expect(f?.location?.line).toBe(3);
    expect(f?.evidence.join(" ")).toContain("not analysed");
  });
});
