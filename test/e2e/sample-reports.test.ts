// reports/sample/ is the report set of the acme sandbox, committed so readers can see what keyless
// writes. This fails when the code changes what it would write: run `npm run sample` and commit.
import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "../support/cli.js";

const SAMPLE = resolve(import.meta.dirname, "../../reports/sample");

describe("reports/sample", () => {
  it("is what `keyless audit --sandbox` writes today (run `npm run sample` to refresh it)", async () => {
    const out = await tempDir();
    const result = await runCli(["audit", "--sandbox", "--quiet", "--out", out]);
    expect(result.code).toBe(0);
    const expected = (await readdir(SAMPLE)).filter((f) => f !== "README.md").sort();
    expect((await readdir(out)).sort()).toEqual(expected);
    // The sandbox listens on a random port, which the inventory records as the GitHub API URL.
    const port = (text: string) => text.replace(/http:\/\/127\.0\.0\.1:\d+/g, "http://127.0.0.1:PORT");
    for (const file of expected) {
      const [now, then] = (await Promise.all([readFile(join(out, file), "utf8"), readFile(join(SAMPLE, file), "utf8")])).map(port);
      expect(now === then, `reports/sample/${file} is out of date: run npm run sample`).toBe(true);
    }
  });
});
