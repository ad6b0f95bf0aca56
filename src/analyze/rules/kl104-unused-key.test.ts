import { describe, expect, it } from "vitest";
import { KL104 } from "./kl104-unused-key.js";
import { context, daysAgo, key, link } from "../../../test/support/analyze/rules-fixtures.js";

const ids = (fs: Array<{ subject: { type: string } & Record<string, unknown> }>) => fs.map((f) => f.subject.accessKeyId);

describe("KL104 key unused or never used", () => {
  it("flags a key idle for 45 days or more, not 44", () => {
    const keys = [
      key({ accessKeyId: "AKIAIDLE45", lastUsed: { date: daysAgo(45) } }),
      key({ accessKeyId: "AKIAIDLE44", lastUsed: { date: daysAgo(44) } }),
    ];
    const findings = KL104.check(context({ keys }));
    expect(ids(findings)).toEqual(["AKIAIDLE45"]);
    expect(findings[0]?.message).toContain("has not been used for 45 days");
  });

  it("flags a never-used key only once it is old enough to have been used", () => {
    const keys = [
      key({ accessKeyId: "AKIANEVEROLD", createDate: daysAgo(60), lastUsed: undefined }),
      key({ accessKeyId: "AKIANEVERNEW", createDate: daysAgo(3), lastUsed: undefined }),
    ];
    const findings = KL104.check(context({ keys }));
    expect(ids(findings)).toEqual(["AKIANEVEROLD"]);
    expect(findings[0]?.message).toContain("has never been used (created 60 days ago)");
  });

  it("ignores inactive keys; says to remove the secrets of linked repos", () => {
    const keys = [key({ accessKeyId: "AKIAOFF", status: "Inactive", lastUsed: undefined, createDate: daysAgo(300) }), key({ lastUsed: { date: daysAgo(100) } })];
    const findings = KL104.check(context({ keys, links: [link()] }));
    expect(ids(findings)).toEqual(["AKIAAAAAAAAAAAAAAAA1"]);
    expect(findings[0]?.message).toContain("linked to acme/app (certain): remove those secrets too");
  });

  it("uses the configured number of days", () => {
    expect(KL104.check(context({ keys: [key({ lastUsed: { date: daysAgo(20) } })], config: { unusedDays: 14 } }))).toHaveLength(1);
  });
});
