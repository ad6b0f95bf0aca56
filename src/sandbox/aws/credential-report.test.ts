import { GenerateCredentialReportCommand, GetCredentialReportCommand } from "@aws-sdk/client-iam";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { parse } from "csv-parse/sync";
import { describe, expect, test } from "vitest";
import { CREDENTIAL_REPORT_COLUMNS } from "./index.js";
import { MGMT, PROD, sdkClients, useAwsFake } from "../../../test/support/sandbox/aws.js";

const sandbox = useAwsFake();

const iam = () => sdkClients(sandbox.fake.url).iam;

describe("credential report", () => {
  test("absent, started, in progress, then a CSV with IAM's exact columns and placeholders", async () => {
    await expect(iam().send(new GetCredentialReportCommand({}))).rejects.toMatchObject({ name: "CredentialReportNotPresentException", $metadata: { httpStatusCode: 410 } });
    const started = await iam().send(new GenerateCredentialReportCommand({}));
    expect(started.State).toBe("STARTED");
    await expect(iam().send(new GetCredentialReportCommand({}))).rejects.toMatchObject({ name: "CredentialReportNotReadyException", $metadata: { httpStatusCode: 404 } });

    const report = await iam().send(new GetCredentialReportCommand({}));
    expect(report.ReportFormat).toBe("text/csv");
    expect(report.GeneratedTime?.getUTCFullYear()).toBe(2026);
    const text = Buffer.from(report.Content!).toString("utf8");
    expect(text.split("\n")[0]).toBe(
      "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated",
    );
    const rows = parse(text, { columns: true }) as Array<Record<(typeof CREDENTIAL_REPORT_COLUMNS)[number], string>>;
    expect(rows.map((r) => r.user)).toEqual(["<root_account>", "admin", "alice", "bob", "carol", "dave", "erin"]);

    const root = rows[0]!;
    expect(root).toMatchObject({ arn: `arn:aws:iam::${MGMT}:root`, password_enabled: "not_supported", password_next_rotation: "not_supported", access_key_1_active: "true", access_key_1_last_rotated: "2019-01-01T00:00:00+00:00", access_key_1_last_used_date: "N/A", access_key_2_active: "false", cert_1_active: "false", cert_1_last_rotated: "N/A" });

    const alice = rows.find((r) => r.user === "alice")!;
    expect(alice).toMatchObject({
      password_enabled: "true", password_last_used: "2026-07-01T10:00:00+00:00",
      access_key_1_active: "true", access_key_1_last_rotated: "2023-02-03T04:05:06+00:00", access_key_1_last_used_date: "2026-07-30T12:00:00+00:00",
      access_key_1_last_used_region: "eu-west-1", access_key_1_last_used_service: "s3",
      access_key_2_active: "false", access_key_2_last_rotated: "2024-02-03T04:05:06+00:00", access_key_2_last_used_date: "N/A", access_key_2_last_used_region: "N/A", access_key_2_last_used_service: "N/A",
    });
    const carol = rows.find((r) => r.user === "carol")!;
    expect(carol).toMatchObject({ password_enabled: "false", password_last_used: "N/A", password_last_changed: "N/A", access_key_1_active: "false", access_key_1_last_rotated: "N/A" });
    expect(sandbox.world.aws.iam[MGMT]!.credentialReportGeneratedAt).toBeDefined();
  });

  test("a fresh report is a snapshot: Generate answers COMPLETE and later key changes do not show", async () => {
    expect((await iam().send(new GenerateCredentialReportCommand({}))).State).toBe("COMPLETE");
    sandbox.world.aws.iam[MGMT]!.accessKeys.find((k) => k.accessKeyId === "AKIAFAKEBOB000000001")!.status = "Inactive";
    const text = Buffer.from((await iam().send(new GetCredentialReportCommand({}))).Content!).toString("utf8");
    const bob = (parse(text, { columns: true }) as Array<Record<string, string>>).find((r) => r.user === "bob");
    expect(bob?.access_key_1_active).toBe("true");
  });

  test("polling GenerateCredentialReport completes it too, per account", async () => {
    const out = await sdkClients(sandbox.fake.url).sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${PROD}:role/OrganizationAccountAccessRole`, RoleSessionName: "report" }));
    const prod = sdkClients(sandbox.fake.url, { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! }).iam;
    expect((await prod.send(new GenerateCredentialReportCommand({}))).State).toBe("STARTED");
    expect((await prod.send(new GenerateCredentialReportCommand({}))).State).toBe("COMPLETE");
    const text = Buffer.from((await prod.send(new GetCredentialReportCommand({}))).Content!).toString("utf8");
    const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.user)).toEqual(["<root_account>", "deployer"]);
    expect(rows[0]!.arn).toBe(`arn:aws:iam::${PROD}:root`);
  });
});
