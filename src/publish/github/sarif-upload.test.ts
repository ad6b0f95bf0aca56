// The uploader's answers to what GitHub says, one repository at a time: a throttled, refused or
// failing repository gets its outcome and reason, and the next repository is still uploaded.
import { randomBytes } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { GithubClient } from "../../discover/github/client.js";
import { SARIF_CATEGORY, type SarifUpload } from "../../report/sarif/index.js";
import type { SarifLog } from "../../report/sarif/types.js";
import type { PublishApi } from "./api.js";
import { encodeSarif, uploadSarifs } from "./sarif-upload.js";

const HEAD = "c".repeat(40);

function log(text = "static key"): SarifLog {
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [{ tool: { driver: { name: "keyless", informationUri: "https://example.test", version: "0.1.0", rules: [] } }, columnKind: "utf16CodeUnits", results: [{ ruleId: "KL101", ruleIndex: 0, level: "warning", message: { text }, locations: [], partialFingerprints: {}, properties: {} }] }],
  };
}

const upload = (repo: string, over: Partial<SarifUpload> = {}): SarifUpload => ({ repo, ref: "refs/heads/main", commitSha: HEAD, category: SARIF_CATEGORY, log: log(), results: 1, unlocated: 0, ...over });

function httpError(status: number, message: string, headers: Record<string, string> = {}): Error {
  return Object.assign(new Error(message), { status, response: { data: { message }, headers } });
}

/** A client whose answer per repository is given; records what was sent. */
function stubClient(answers: Record<string, () => unknown>) {
  const sent: Array<Record<string, unknown>> = [];
  const client = {
    request: async (_route: string, params: Record<string, unknown>) => {
      sent.push(params);
      const answer = answers[`${params["owner"]}/${params["repo"]}`];
      return { status: 202, data: answer?.() };
    },
  } as unknown as GithubClient;
  const api = { branchHead: async () => "d".repeat(40) } as unknown as PublishApi;
  return { client, api, sent };
}

describe("uploadSarifs", () => {
  it("sends gzip + Base64 of the log with the commit, ref and tool name, and keeps GitHub's id and URL", async () => {
    const { client, api, sent } = stubClient({ "acme/a": () => ({ id: "id-1", url: "https://api.test/x/id-1" }) });
    const [r] = await uploadSarifs({ client, api, apply: true }, [upload("acme/a")]);
    expect(r).toMatchObject({ outcome: "uploaded", id: "id-1", url: "https://api.test/x/id-1", commitSha: HEAD });
    expect(sent[0]).toMatchObject({ owner: "acme", repo: "a", commit_sha: HEAD, ref: "refs/heads/main", tool_name: "keyless" });
    expect(JSON.parse(gunzipSync(Buffer.from(String(sent[0]?.["sarif"]), "base64")).toString("utf8"))).toEqual(log());
  });

  it("goes on after a throttled, a refused and a failing repository, each with its reason", async () => {
    const { client, api } = stubClient({
      "acme/throttled": () => {
        throw httpError(403, "You have exceeded a secondary rate limit", { "retry-after": "60" });
      },
      "acme/noghas": () => {
        throw httpError(403, "Advanced Security must be enabled for this repository to use code scanning.");
      },
      "acme/gone": () => {
        throw httpError(404, "Not Found");
      },
      "acme/broken": () => {
        throw httpError(502, "Bad Gateway");
      },
      "acme/ok": () => ({ id: "id-ok" }),
    });
    const names = ["acme/throttled", "acme/noghas", "acme/gone", "acme/broken", "acme/ok"];
    const results = await uploadSarifs({ client, api, apply: true }, names.map((n) => upload(n)));
    expect(results.map((r) => [r.repo, r.outcome])).toEqual([
      ["acme/throttled", "failed"],
      ["acme/noghas", "skipped"],
      ["acme/gone", "skipped"],
      ["acme/broken", "failed"],
      ["acme/ok", "uploaded"],
    ]);
    expect(results[0]?.reason).toMatch(/rate limited/);
    expect(results[1]?.reason).toBe("code scanning is not available here: Advanced Security must be enabled for this repository to use code scanning. (403)");
    expect(results[3]?.reason).toMatch(/Bad Gateway \(502\)/);
  });

  it("a dry run sends nothing; a scan without the commit reads the branch head only when uploading", async () => {
    const { client, api, sent } = stubClient({ "acme/a": () => ({ id: "x" }) });
    const [dry] = await uploadSarifs({ client, api, apply: false }, [upload("acme/a", { commitSha: undefined })]);
    expect(dry?.outcome).toBe("would-upload");
    expect(sent).toEqual([]);
    const [done] = await uploadSarifs({ client, api, apply: true }, [upload("acme/a", { commitSha: undefined })]);
    expect(done?.commitSha).toBe("d".repeat(40));
    expect(sent[0]?.["commit_sha"]).toBe("d".repeat(40));
  });

  it("skips a log over 10 MB gzipped without sending it", async () => {
    const { client, api, sent } = stubClient({});
    // Random text barely compresses: ~14 MB of Base64 is over 10 MB gzipped.
    const big = upload("acme/big", { log: log(randomBytes(10.5 * 1024 * 1024).toString("base64")) });
    expect(encodeSarif(big.log).gzippedBytes).toBeGreaterThan(10 * 1024 * 1024);
    const [r] = await uploadSarifs({ client, api, apply: true }, [big]);
    expect(r?.outcome).toBe("skipped");
    expect(r?.reason).toMatch(/over GitHub's limit of 10 MB/);
    expect(sent).toEqual([]);
  });
});
