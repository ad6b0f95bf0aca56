import { describe, expect, it } from "vitest";
import { KL107 } from "./kl107-root-key.js";
import { context, key, link } from "../../../test/support/analyze/rules-fixtures.js";

describe("KL107 root access key", () => {
  const root = key({ accessKeyId: "AKIAROOT", userName: "<root_account>", isRoot: true });

  it("flags an active root key as critical, with the repos it is linked to", () => {
    const [f] = KL107.check(context({ keys: [root, key()], links: [link({ accessKeyId: "AKIAROOT" })] }));
    expect(f?.severity).toBe("critical");
    expect(f?.message).toBe("The root user of account 111122223333 has an active access key AKIAROOT, linked to acme/app (certain).");
  });

  it("flags an inactive root key as high", () => {
    const [f] = KL107.check(context({ keys: [{ ...root, status: "Inactive" }] }));
    expect(f?.severity).toBe("high");
  });

  it("does not flag IAM user keys", () => {
    expect(KL107.check(context({ keys: [key()] }))).toEqual([]);
  });
});
