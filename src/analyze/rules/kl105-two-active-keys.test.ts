import { describe, expect, it } from "vitest";
import { KL105 } from "./kl105-two-active-keys.js";
import { context, daysAgo, key } from "../../../test/support/analyze/rules-fixtures.js";

describe("KL105 two active keys on one user", () => {
  it("reports the user once, its subject the older key", () => {
    const keys = [key({ accessKeyId: "AKIANEW", createDate: daysAgo(5) }), key({ accessKeyId: "AKIAOLD", createDate: daysAgo(200) })];
    const findings = KL105.check(context({ keys }));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.subject).toEqual({ type: "key", accessKeyId: "AKIAOLD", accountId: "111122223333" });
    expect(findings[0]?.message).toBe("IAM user deployer in account 111122223333 has 2 active access keys: AKIAOLD, AKIANEW.");
  });

  it("does not count an inactive key, nor keys of different users or accounts", () => {
    const keys = [
      key({ accessKeyId: "AKIA1" }),
      key({ accessKeyId: "AKIA2", status: "Inactive" }),
      key({ accessKeyId: "AKIA3", userName: "other" }),
      key({ accessKeyId: "AKIA4", accountId: "999988887777" }),
    ];
    expect(KL105.check(context({ keys }))).toEqual([]);
  });
});
