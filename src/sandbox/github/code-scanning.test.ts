// The fake's code scanning uploads: what it accepts and stores, and the answers GitHub gives to a
// payload that is not Base64 of gzip, too large, not SARIF 2.1.0, for an unknown commit or ref, a
// token without security_events, an archived repository and one without Advanced Security.

import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, statusOf, type Harness } from "../../../test/support/sandbox/github.js";
import { testWorld, TOKENS } from "../../../test/support/sandbox/github-world.js";
import { MAX_GZIPPED_BYTES } from "./sarif-check.js";

let h: Harness;
afterEach(async () => {
  await h?.fake.close();
});

const REPO = { owner: "acme", repo: "api" };
const LOG = { version: "2.1.0", runs: [{ tool: { driver: { name: "keyless" } }, automationDetails: { id: "keyless/" }, results: [{ ruleId: "KL101", message: { text: "static key" } }] }] };
const encode = (value: unknown) => gzipSync(typeof value === "string" ? value : JSON.stringify(value)).toString("base64");

async function head(harness: Harness): Promise<string> {
  return (await harness.client().git.getRef({ ...REPO, ref: "heads/main" })).data.object.sha;
}

function upload(token: string, body: Record<string, unknown>) {
  return h.client(token).request("POST /repos/{owner}/{repo}/code-scanning/sarifs", { ...REPO, ...body } as never);
}

describe("POST /repos/{owner}/{repo}/code-scanning/sarifs", () => {
  it("accepts gzip + Base64 SARIF for a commit of the repo: 202, an id and a status URL; keeps the decompressed log", async () => {
    h = await startHarness();
    const sha = await head(h);
    const res = await upload(TOKENS.admin, { commit_sha: sha, ref: "refs/heads/main", sarif: encode(LOG), tool_name: "keyless" });
    expect(res.status).toBe(202);
    const { id, url } = res.data as { id: string; url: string };
    expect(url).toBe(`${h.fake.url}/repos/acme/api/code-scanning/sarifs/${id}`);
    const stored = h.world.github.repos.find((r) => r.fullName === "acme/api")?.sarifUploads ?? [];
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ id, commitSha: sha, ref: "refs/heads/main", toolName: "keyless", category: "keyless/", processingStatus: "complete" });
    expect(JSON.parse(stored[0]?.sarif ?? "")).toEqual(LOG);
    const status = await h.client().request("GET /repos/{owner}/{repo}/code-scanning/sarifs/{sarif_id}", { ...REPO, sarif_id: id });
    expect(status.data).toMatchObject({ processing_status: "complete", errors: null });
  });

  it("answers 400 for a payload that is not Base64, not gzip, not JSON or not SARIF 2.1.0", async () => {
    h = await startHarness();
    const sha = await head(h);
    const base = { commit_sha: sha, ref: "refs/heads/main" };
    const cases: Array<[unknown, RegExp]> = [
      ["%%% not base64 %%%", /not Base64/],
      [Buffer.from(JSON.stringify(LOG)).toString("base64"), /not gzip-compressed/],
      [encode("{ not json"), /not JSON/],
      [encode({ ...LOG, version: "2.0.0" }), /not a SARIF 2\.1\.0 log[\s\S]*version/],
      [encode({ version: "2.1.0", runs: [{ tool: { driver: {} } }] }), /runs\.0\.tool\.driver\.name/],
      [encode({ version: "2.1.0", runs: [{ tool: { driver: { name: "x" } }, results: [{ ruleId: "a" }] }] }), /results\.0\.message/],
    ];
    for (const [sarif, message] of cases) {
      const got = await statusOf(upload(TOKENS.admin, { ...base, sarif }));
      expect(got.status, String(message)).toBe(400);
      expect(got.message).toMatch(message);
    }
    expect(h.world.github.repos.find((r) => r.fullName === "acme/api")?.sarifUploads ?? []).toEqual([]);
  });

  it("answers 413 over 10 MB gzipped, 404 for an unknown commit or ref, 422 for a malformed ref", async () => {
    h = await startHarness();
    const sha = await head(h);
    const tooBig = Buffer.alloc(MAX_GZIPPED_BYTES + 1, 1).toString("base64");
    expect((await statusOf(upload(TOKENS.admin, { commit_sha: sha, ref: "refs/heads/main", sarif: tooBig }))).status).toBe(413);
    expect(await statusOf(upload(TOKENS.admin, { commit_sha: "b".repeat(40), ref: "refs/heads/main", sarif: encode(LOG) }))).toMatchObject({ status: 404, message: expect.stringMatching(/commit not found/) });
    expect(await statusOf(upload(TOKENS.admin, { commit_sha: sha, ref: "refs/heads/nope", sarif: encode(LOG) }))).toMatchObject({ status: 404, message: expect.stringMatching(/ref not found/) });
    expect(await statusOf(upload(TOKENS.admin, { commit_sha: sha, ref: "main", sarif: encode(LOG) }))).toMatchObject({ status: 422, message: expect.stringMatching(/does not match/) });
  });

  it("answers 403 without security_events, for an archived repo and for a repo without Advanced Security", async () => {
    const world = testWorld();
    const api = world.github.repos.find((r) => r.fullName === "acme/api");
    if (!api) throw new Error("test world has no acme/api");
    h = await startHarness({}, world);
    const sha = await head(h);
    const body = { commit_sha: sha, ref: "refs/heads/main", sarif: encode(LOG) };
    // acme/api is public: public_repo is enough there, as GitHub documents.
    expect((await upload(TOKENS.publicOnly, body)).status).toBe(202);
    api.codeScanningEnabled = false;
    expect(await statusOf(upload(TOKENS.admin, body))).toMatchObject({ status: 403, message: expect.stringMatching(/Advanced Security must be enabled/) });
    api.codeScanningEnabled = true;
    api.archived = true;
    expect(await statusOf(upload(TOKENS.admin, body))).toMatchObject({ status: 403, message: expect.stringMatching(/archived/) });
  });

  it("accepts a file over GitHub's processing limits, then reports it failed with GitHub's reason", async () => {
    h = await startHarness();
    const sha = await head(h);
    const run = LOG.runs[0];
    const many = { version: "2.1.0", runs: [{ ...run, results: Array.from({ length: 25_001 }, () => run?.results[0]) }] };
    const res = await upload(TOKENS.admin, { commit_sha: sha, ref: "refs/heads/main", sarif: encode(many) });
    const status = await h.client().request("GET /repos/{owner}/{repo}/code-scanning/sarifs/{sarif_id}", { ...REPO, sarif_id: (res.data as { id: string }).id });
    expect(status.data).toMatchObject({ processing_status: "failed", errors: [expect.stringMatching(/result limits/)] });
  });
});
