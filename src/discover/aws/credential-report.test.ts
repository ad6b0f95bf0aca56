import {
  CredentialReportExpiredException,
  CredentialReportNotPresentException,
  CredentialReportNotReadyException,
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  IAMClient,
} from "@aws-sdk/client-iam";
import { describe, expect, it } from "vitest";
import { startAwsFake } from "../../sandbox/aws/index.js";
import { buildScenario, SANDBOX_AWS_CREDENTIALS } from "../../sandbox/scenario/index.js";
import { fetchCredentialReport, parseCredentialReport } from "./credential-report.js";

const HEADER =
  "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

describe("parseCredentialReport", () => {
  it("keeps only the key slots that ever held a key, with AWS's N/A values dropped", () => {
    const csv = [
      HEADER,
      "<root_account>,arn:aws:iam::111111111111:root,2020-01-01T00:00:00+00:00,not_supported,2024-01-01T00:00:00+00:00,not_supported,not_supported,true,true,2021-03-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
      "deploy,arn:aws:iam::111111111111:user/deploy,2022-05-01T10:00:00+00:00,false,N/A,N/A,N/A,false,true,2022-05-01T10:05:00+00:00,2026-11-01T08:00:00+00:00,eu-west-1,s3,false,2023-01-01T00:00:00+00:00,2023-02-01T00:00:00+00:00,us-east-1,iam,false,N/A,false,N/A",
      "human,arn:aws:iam::111111111111:user/human,2022-05-01T10:00:00+00:00,true,2026-11-01T08:00:00+00:00,N/A,N/A,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
    ].join("\n");
    const rows = parseCredentialReport(csv);
    expect(rows.map((r) => [r.user, r.isRoot, r.keys.length])).toEqual([
      ["<root_account>", true, 1],
      ["deploy", false, 2],
      ["human", false, 0],
    ]);
    const deploy = rows[1]!;
    expect(deploy.keys[0]).toEqual({
      slot: 1, active: true, lastRotated: "2022-05-01T10:05:00+00:00", lastUsedDate: "2026-11-01T08:00:00+00:00", lastUsedRegion: "eu-west-1", lastUsedService: "s3",
    });
    expect(deploy.keys[1]).toMatchObject({ slot: 2, active: false, lastUsedService: "iam" });
    expect(rows[0]!.keys[0]).toMatchObject({ active: true, lastUsedDate: undefined });
  });

  it("ignores columns it does not know, so a future report format still parses", () => {
    const csv = `${HEADER},future_column\nci,arn:aws:iam::1:user/ci,2022-05-01T10:00:00+00:00,false,N/A,N/A,N/A,false,true,2022-05-01T10:05:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A,x`;
    expect(parseCredentialReport(csv)[0]?.keys).toEqual([{ slot: 1, active: true, lastRotated: "2022-05-01T10:05:00+00:00", lastUsedDate: undefined, lastUsedRegion: undefined, lastUsedService: undefined }]);
  });
});

describe("fetchCredentialReport", () => {
  const csv = `${HEADER}\nci,arn:aws:iam::1:user/ci,2022-05-01T10:00:00+00:00,false,N/A,N/A,N/A,false,true,2022-05-01T10:05:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;
  const meta = { $metadata: {} };

  /** Plays IAM's side: a scripted answer per call, in order. */
  function scriptedIam(script: Array<{ op: "Generate" | "Get"; answer: unknown }>) {
    const calls: string[] = [];
    return {
      calls,
      send: async (command: unknown) => {
        const op = command instanceof GenerateCredentialReportCommand ? "Generate" : command instanceof GetCredentialReportCommand ? "Get" : "?";
        calls.push(op);
        const next = script.shift();
        if (!next || next.op !== op) throw new Error(`unexpected ${op} (script expected ${next?.op ?? "nothing"})`);
        if (next.answer instanceof Error) throw next.answer;
        return next.answer;
      },
    };
  }
  const report = { Content: new TextEncoder().encode(csv), GeneratedTime: new Date("2026-11-20T11:00:00Z") };

  it("polls while IAM builds the report (STARTED, INPROGRESS, then COMPLETE)", async () => {
    const iam = scriptedIam([
      { op: "Generate", answer: { State: "STARTED" } },
      { op: "Generate", answer: { State: "INPROGRESS" } },
      { op: "Generate", answer: { State: "COMPLETE" } },
      { op: "Get", answer: report },
    ]);
    const slept: number[] = [];
    const got = await fetchCredentialReport(iam as never, async (ms) => void slept.push(ms));
    expect(got.rows.map((r) => r.user)).toEqual(["ci"]);
    expect(got.generatedAt).toBe("2026-11-20T11:00:00.000Z");
    expect(got.builtWhileWaiting).toBe(true); // as current as the scan
    expect(slept).toEqual([250, 500]);
  });

  it("says when the report is one IAM reused (up to 4 hours old)", async () => {
    const iam = scriptedIam([
      { op: "Generate", answer: { State: "COMPLETE" } },
      { op: "Get", answer: report },
    ]);
    expect(await fetchCredentialReport(iam as never, async () => {})).toMatchObject({ builtWhileWaiting: false, generatedAt: "2026-11-20T11:00:00.000Z" });
  });

  it("waits on ReportInProgress and generates again on ReportExpired or ReportNotPresent", async () => {
    const iam = scriptedIam([
      { op: "Generate", answer: { State: "COMPLETE" } },
      { op: "Get", answer: new CredentialReportNotReadyException({ message: "Report generation in progress", ...meta }) },
      { op: "Generate", answer: { State: "COMPLETE" } },
      { op: "Get", answer: new CredentialReportExpiredException({ message: "expired", ...meta }) },
      { op: "Generate", answer: { State: "STARTED" } },
      { op: "Generate", answer: { State: "COMPLETE" } },
      { op: "Get", answer: new CredentialReportNotPresentException({ message: "not present", ...meta }) },
      { op: "Generate", answer: { State: "COMPLETE" } },
      { op: "Get", answer: report },
    ]);
    const got = await fetchCredentialReport(iam as never, async () => {});
    expect(got.rows).toHaveLength(1);
    expect(iam.calls.filter((c) => c === "Get")).toHaveLength(4);
  });

  it("gives up after the longest wait, and passes other errors through at once", async () => {
    const forever = { send: async () => ({ State: "INPROGRESS" }) };
    await expect(fetchCredentialReport(forever as never, async () => {}, 2_000)).rejects.toThrow(/did not finish the credential report within 2 s/);
    const denied = scriptedIam([{ op: "Generate", answer: Object.assign(new Error("not authorized to perform: iam:GenerateCredentialReport"), { name: "AccessDenied" }) }]);
    await expect(fetchCredentialReport(denied as never, async () => {})).rejects.toMatchObject({ name: "AccessDenied" });
  });

  it("reads IAM's wire error codes as the SDK's exceptions (ReportInProgress from the IAM fake)", async () => {
    const world = buildScenario("acme");
    const fake = await startAwsFake(world);
    try {
      const iam = new IAMClient({ region: "us-east-1", endpoint: fake.url, credentials: { ...SANDBOX_AWS_CREDENTIALS } });
      await expect(iam.send(new GetCredentialReportCommand({}))).rejects.toBeInstanceOf(CredentialReportNotPresentException);
      expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe("STARTED");
      await expect(iam.send(new GetCredentialReportCommand({}))).rejects.toBeInstanceOf(CredentialReportNotReadyException);
      const got = await fetchCredentialReport(iam, async () => {});
      expect(got.rows[0]?.isRoot).toBe(true);
    } finally {
      await fake.close();
    }
  });
});
