import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { assumedRole } from "./assumed-role.js";

const MINUTE = 60_000;

function fakeSts(clock: { now: number }, lifetimeMs = 60 * MINUTE) {
  const calls: Array<{ RoleArn?: string; DurationSeconds?: number }> = [];
  return {
    calls,
    send: async (command: unknown) => {
      if (!(command instanceof AssumeRoleCommand)) throw new Error("unexpected command");
      calls.push(command.input);
      await new Promise((r) => setTimeout(r, 1));
      const n = calls.length;
      return {
        Credentials: { AccessKeyId: `ASIATEST${n}`, SecretAccessKey: "fake-not-a-secret", SessionToken: `token-${n}`, Expiration: new Date(clock.now + lifetimeMs) },
      };
    },
  } as const;
}

describe("assumedRole", () => {
  it("assumes once, reuses the session, and re-assumes before the hour runs out", async () => {
    const clock = { now: Date.parse("2026-11-20T12:00:00Z") };
    const sts = fakeSts(clock);
    const provider = assumedRole(sts as never, { roleArn: "arn:aws:iam::111111111111:role/Audit", sessionName: "keyless-audit", durationSeconds: 3600, now: () => clock.now });
    const first = await provider();
    expect(first.accessKeyId).toBe("ASIATEST1");
    expect(sts.calls).toEqual([{ RoleArn: "arn:aws:iam::111111111111:role/Audit", RoleSessionName: "keyless-audit", DurationSeconds: 3600 }]);

    clock.now += 45 * MINUTE; // 15 minutes left: still good
    expect((await provider()).accessKeyId).toBe("ASIATEST1");
    clock.now += 6 * MINUTE; // 9 minutes left: renewed before the SDK's 5-minute margin is reached
    expect((await provider()).accessKeyId).toBe("ASIATEST2");
    expect(sts.calls).toHaveLength(2);
  });

  it("makes one AssumeRole for concurrent callers", async () => {
    const clock = { now: 0 };
    const sts = fakeSts(clock);
    const provider = assumedRole(sts as never, { roleArn: "arn:aws:iam::1:role/A", sessionName: "s", durationSeconds: 3600, now: () => clock.now });
    const got = await Promise.all([provider(), provider(), provider()]);
    expect(new Set(got.map((c) => c.accessKeyId))).toEqual(new Set(["ASIATEST1"]));
    expect(sts.calls).toHaveLength(1);
  });

  it("passes AssumeRole's error through, and tries again on the next call", async () => {
    let fail = true;
    const sts = {
      send: async () => {
        if (fail) throw Object.assign(new Error("not authorized to perform: sts:AssumeRole"), { name: "AccessDenied" });
        return { Credentials: { AccessKeyId: "ASIAOK", SecretAccessKey: "fake-not-a-secret", Expiration: new Date(Date.now() + 3_600_000) } };
      },
    };
    const provider = assumedRole(sts as never, { roleArn: "arn:aws:iam::1:role/A", sessionName: "s", durationSeconds: 3600 });
    await expect(provider()).rejects.toMatchObject({ name: "AccessDenied" });
    fail = false;
    expect((await provider()).accessKeyId).toBe("ASIAOK");
  });
});
