import { describe, expect, it } from "vitest";
import { scanFacts } from "../drift/facts.js";
import { KL130 } from "./kl130-key-created-since-last-scan.js";
import { KL131 } from "./kl131-retired-user-new-key.js";
import { KL132 } from "./kl132-migrated-repo-back-on-keys.js";
import { KL133 } from "./kl133-aws-secret-reappeared.js";
import { ACCOUNT, DEPLOY, context, daysAgo, key, link, repo, repoWith } from "../../../test/support/analyze/rules-fixtures.js";
import type { ScanFacts } from "../../inventory/schema.js";

const OLD = key({ accessKeyId: "AKIAOLDOLDOLDOLDOLD1", createDate: daysAgo(400) });
const NEW = key({ accessKeyId: "AKIANEWNEWNEWNEWNEW1", createDate: daysAgo(2) });
const OTHER_ACCOUNT_KEY = key({ accessKeyId: "AKIAUNSEENACCOUNT001", accountId: "999988887777", createDate: daysAgo(500) });

function previous(over: Partial<ScanFacts> = {}): ScanFacts {
  return {
    at: daysAgo(7),
    readAccounts: [ACCOUNT],
    keys: [{ accessKeyId: OLD.accessKeyId, accountId: ACCOUNT, userName: OLD.userName, status: "Active" }],
    reposScanned: ["acme/app"],
    awsSecrets: [],
    ...over,
  };
}

const ids = (fs: Array<{ subject: Record<string, unknown> }>) => fs.map((f) => f.subject.accessKeyId ?? f.subject.name ?? f.subject.repo);

describe("drift since the last scan", () => {
  it("KL130: a key the previous audit did not see, in an account it read, is new; keys of accounts it could not read are not", () => {
    const history = { previous: previous(), retired: [], secretsDeleted: [], migrated: [] };
    const findings = KL130.check(context({ keys: [OLD, NEW, OTHER_ACCOUNT_KEY], history }));
    expect(ids(findings)).toEqual([NEW.accessKeyId]);
    expect(findings[0]?.message).toContain("created since the last scan");
  });

  it("KL130: nothing to compare on the first audit recorded, or without a state store", () => {
    expect(KL130.check(context({ keys: [NEW], history: { retired: [], secretsDeleted: [], migrated: [] } }))).toEqual([]);
    expect(KL130.check(context({ keys: [NEW] }))).toEqual([]);
  });

  it("KL131: the user of a key keyless deleted has an active key created after it; an older second key is not flagged", () => {
    const older = key({ accessKeyId: "AKIAOLDERSECOND00001", createDate: daysAgo(30) });
    const history = { previous: previous(), retired: [{ accessKeyId: OLD.accessKeyId, accountId: ACCOUNT, action: "deleted" as const, at: daysAgo(10) }], secretsDeleted: [], migrated: [] };
    // The deleted key is gone from IAM: the user is known from the previous scan's facts.
    const findings = KL131.check(context({ keys: [NEW, older], history }));
    expect(ids(findings)).toEqual([NEW.accessKeyId]);
    expect(findings[0]?.severity).toBe("high");
    expect(findings[0]?.message).toContain(`after keyless retired its key ${OLD.accessKeyId}`);
    const otherUser = key({ accessKeyId: "AKIAOTHERUSER0000001", userName: "someone-else", createDate: daysAgo(1) });
    expect(KL131.check(context({ keys: [otherUser], history }))).toEqual([]);
  });

  it("KL132: a repo whose migration PR was merged and passes static keys again is flagged at the step; an unmigrated one is not", () => {
    const history = { previous: previous(), retired: [], secretsDeleted: [], migrated: [{ repo: "acme/app", mergedAt: daysAgo(5) }] };
    const findings = KL132.check(context({ repos: [repoWith("acme/app", DEPLOY), repoWith("acme/other", DEPLOY)], history }));
    expect(findings.map((f) => f.location?.repo)).toEqual(["acme/app"]);
    expect(findings[0]?.location?.path).toBe(".github/workflows/deploy.yml");
    expect(findings[0]?.message).toContain("passes static AWS credentials again");
  });

  it("KL133: a secret keyless deleted holds credentials again; a new credential secret in a migrated repo is flagged, an old one is not", () => {
    const secret = { name: "AWS_ACCESS_KEY_ID", scope: "repo" as const };
    const deletedHistory = { previous: previous(), retired: [], secretsDeleted: ["repo acme/app secret AWS_ACCESS_KEY_ID"], migrated: [] };
    const back = KL133.check(context({ repos: [repo("acme/app", { secrets: [secret] })], history: deletedHistory }));
    expect(back.map((f) => f.message)).toEqual(["The repo acme/app secret AWS_ACCESS_KEY_ID holds AWS credentials again: keyless deleted it."]);

    const migrated = { previous: previous(), retired: [], secretsDeleted: [], migrated: [{ repo: "acme/app" }] };
    expect(ids(KL133.check(context({ repos: [repo("acme/app", { secrets: [secret] })], history: migrated })))).toEqual(["AWS_ACCESS_KEY_ID"]);
    const seenBefore = { ...migrated, previous: previous({ awsSecrets: ["repo acme/app secret AWS_ACCESS_KEY_ID"] }) };
    expect(KL133.check(context({ repos: [repo("acme/app", { secrets: [secret] })], history: seenBefore }))).toEqual([]);
  });

  it("scanFacts keeps ids and names only, and the secrets of links and of unlinked credential secrets", () => {
    const ctx = context({ keys: [OLD], links: [link({ accessKeyId: OLD.accessKeyId })] });
    const facts = scanFacts({ inventory: ctx.inventory, links: ctx.links, unlinkedSecrets: [{ repo: "acme/web", name: "prod_key_id", scope: "environment", environment: "prod" }] });
    expect(facts.keys).toEqual([{ accessKeyId: OLD.accessKeyId, accountId: ACCOUNT, userName: "deployer", status: "Active" }]);
    expect(facts.readAccounts).toEqual([ACCOUNT]);
    expect(facts.awsSecrets).toEqual(["environment acme/web/prod secret PROD_KEY_ID", "repo acme/app secret AWS_ACCESS_KEY_ID", "repo acme/app secret AWS_SECRET_ACCESS_KEY"]);
  });
});
