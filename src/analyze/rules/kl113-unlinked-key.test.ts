import { describe, expect, it } from "vitest";
import { KL113 } from "./kl113-unlinked-key.js";
import { context, daysAgo, key, link } from "../../../test/support/analyze/rules-fixtures.js";

describe("KL113 unlinked active key", () => {
  it("flags an active, recently used key with no link", () => {
    const [f] = KL113.check(context({ keys: [key()] }));
    expect(f?.message).toBe("Active access key AKIAAAAAAAAAAAAAAAA1 of IAM user deployer in account 111122223333 is in use but linked to no repository.");
    expect(f?.evidence).toEqual([`Last used ${daysAgo(1).slice(0, 10)} (s3, us-east-1).`]);
  });

  it("is silent for a linked key (any confidence), an inactive key, and an unused key (KL104's)", () => {
    expect(KL113.check(context({ keys: [key()], links: [link({ confidence: "low" })] }))).toEqual([]);
    expect(KL113.check(context({ keys: [key({ status: "Inactive" })] }))).toEqual([]);
    expect(KL113.check(context({ keys: [key({ lastUsed: { date: daysAgo(60) } }), key({ accessKeyId: "AKIANEVER", lastUsed: undefined })] }))).toEqual([]);
  });
});
