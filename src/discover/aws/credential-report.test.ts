import { describe, expect, it } from "vitest";
import { parseCredentialReport } from "./credential-report.js";

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
