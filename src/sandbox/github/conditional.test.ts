// Conditional requests through the real @octokit/rest: every GET carries an ETag, and asking again
// with If-None-Match answers 304 with no body and without spending the primary rate limit.

import { afterEach, describe, expect, it } from "vitest";
import { startHarness, statusOf, type Harness } from "../../../test/support/sandbox/github.js";
import { testWorld } from "../../../test/support/sandbox/github-world.js";

let h: Harness;
afterEach(async () => {
  await h?.fake.close();
});

describe("ETag and If-None-Match", () => {
  it("tags every GET answer and answers 304 to a matching If-None-Match, without charging it", async () => {
    h = await startHarness();
    const o = h.client();
    const first = await o.repos.getContent({ owner: "acme", repo: "api", path: ".github/workflows" });
    const etag = first.headers.etag!;
    expect(etag).toMatch(/^W\/"[0-9a-f]{64}"$/);
    expect(first.headers["x-ratelimit-used"]).toBe("1");

    const again = await statusOf(o.repos.getContent({ owner: "acme", repo: "api", path: ".github/workflows", headers: { "if-none-match": etag } }));
    expect(again.status).toBe(304);
    expect(again.headers.etag).toBe(etag);
    expect(again.headers["x-ratelimit-used"]).toBe("1");
    // A strong form of the same tag matches too (If-None-Match compares weakly).
    const strong = await statusOf(o.repos.getContent({ owner: "acme", repo: "api", path: ".github/workflows", headers: { "if-none-match": etag.slice(2) } }));
    expect(strong.status).toBe(304);

    const limits = await o.rateLimit.get();
    expect(limits.data.resources.core).toMatchObject({ used: 1, remaining: 4999 });
  });

  it("answers 200 with the new body and a new tag once the resource changed, and charges it", async () => {
    h = await startHarness();
    const o = h.client();
    const before = await o.repos.get({ owner: "acme", repo: "api" });
    const repo = h.world.github.repos.find((r) => r.name === "api")!;
    repo.description = "changed since the last scan";
    const after = await o.repos.get({ owner: "acme", repo: "api", headers: { "if-none-match": before.headers.etag! } });
    expect(after.status).toBe(200);
    expect(after.data.description).toBe("changed since the last scan");
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(after.headers["x-ratelimit-used"]).toBe("2");
  });

  it("gives different pages and different resources different tags; same content, same tag", async () => {
    h = await startHarness({}, testWorld(12));
    const o = h.client();
    const page1 = await o.repos.listForOrg({ org: "acme", per_page: 5, page: 1 });
    const page2 = await o.repos.listForOrg({ org: "acme", per_page: 5, page: 2 });
    const page1Again = await o.repos.listForOrg({ org: "acme", per_page: 5, page: 1 });
    expect(page1.headers.etag).not.toBe(page2.headers.etag);
    expect(page1Again.headers.etag).toBe(page1.headers.etag);
    const stale = await o.repos.listForOrg({ org: "acme", per_page: 5, page: 2, headers: { "if-none-match": page1.headers.etag! } });
    expect(stale.status).toBe(200);
  });

  it("does not tag errors or writes, and still answers 404 to a conditional GET of a missing path", async () => {
    h = await startHarness();
    const o = h.client();
    const missing = await statusOf(o.repos.getContent({ owner: "acme", repo: "api", path: "nope.txt", headers: { "if-none-match": "*" } }));
    expect(missing.status).toBe(404);
    expect(missing.headers.etag).toBeUndefined();
  });
});
