import { describe, expect, it } from "vitest";
import { KL103 } from "./kl103-old-key.js";
import { context, daysAgo, key, link } from "../../../test/support/analyze/rules-fixtures.js";

describe("KL103 key older than the maximum age", () => {
  it("flags an active key older than 90 days, not one of exactly 90", () => {
    const old = key({ accessKeyId: "AKIAOLD0000000000001", createDate: daysAgo(91) });
    const edge = key({ accessKeyId: "AKIAEDGE000000000001", createDate: daysAgo(90) });
    const findings = KL103.check(context({ keys: [old, edge] }));
    expect(findings.map((f) => f.subject)).toEqual([{ type: "key", accessKeyId: "AKIAOLD0000000000001", accountId: "111122223333" }]);
    expect(findings[0]?.message).toBe("Access key AKIAOLD0000000000001 of IAM user deployer in account 111122223333 is 91 days old (maximum 90).");
  });

  it("ignores inactive keys and honours the configured maximum", () => {
    const keys = [key({ createDate: daysAgo(400), status: "Inactive" }), key({ accessKeyId: "AKIA2", createDate: daysAgo(40) })];
    expect(KL103.check(context({ keys }))).toEqual([]);
    expect(KL103.check(context({ keys, config: { maxKeyAgeDays: 30 } })).map((f) => f.subject)).toEqual([{ type: "key", accessKeyId: "AKIA2", accountId: "111122223333" }]);
  });

  it("mentions the repos the key is linked to", () => {
    const [f] = KL103.check(context({ keys: [key({ createDate: daysAgo(200) })], links: [link(), link({ repo: "acme/api", confidence: "high" })] }));
    expect(f?.message).toContain("linked to acme/app (certain), acme/api (high)");
    expect(f?.location).toBeUndefined();
  });
});
