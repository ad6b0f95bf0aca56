import { describe, expect, it } from "vitest";
import { endpointOf } from "./client.js";

describe("endpointOf", () => {
  it("collapses owner, repo and names so that counts group by endpoint", () => {
    expect(endpointOf("get", "http://127.0.0.1:9/repos/acme/api/actions/secrets?per_page=100", "http://127.0.0.1:9")).toBe("GET /repos/{}/{}/actions/secrets");
    expect(endpointOf("GET", "http://127.0.0.1:9/repos/acme/web/environments/prod/secrets", "http://127.0.0.1:9")).toBe("GET /repos/{}/{}/environments/{}/secrets");
    expect(endpointOf("POST", "http://127.0.0.1:9/graphql", "http://127.0.0.1:9/")).toBe("POST /graphql");
  });

  it("tells names from route segments by position, so a repo called 'secrets' counts under the right endpoint", () => {
    const base = "http://127.0.0.1:9";
    expect(endpointOf("GET", `${base}/repos/acme/secrets/actions/secrets`, base)).toBe("GET /repos/{}/{}/actions/secrets");
    expect(endpointOf("GET", `${base}/repos/acme/api/environments/secrets/secrets`, base)).toBe("GET /repos/{}/{}/environments/{}/secrets");
    expect(endpointOf("GET", `${base}/repos/acme/api/actions/secrets/public-key`, base)).toBe("GET /repos/{}/{}/actions/secrets/public-key");
    expect(endpointOf("GET", `${base}/orgs/acme/actions/secrets/AWS_KEY/repositories`, base)).toBe("GET /orgs/{}/actions/secrets/{}/repositories");
    expect(endpointOf("GET", `${base}/repos/a/b/git/refs/heads/feature/x`, base)).toBe("GET /repos/{}/{}/git/refs/{}");
    expect(endpointOf("GET", `${base}/repos/a/b/contents/.github/workflows/ci.yml`, base)).toBe("GET /repos/{}/{}/contents/{}");
    expect(endpointOf("GET", `${base}/repos/a/b/git/blobs/0123abcd`, base)).toBe("GET /repos/{}/{}/git/blobs/{}");
  });

  it("strips an Enterprise Server base path, and names its /api/graphql endpoint like github.com's", () => {
    expect(endpointOf("POST", "https://ghe.example.com/api/graphql", "https://ghe.example.com/api/v3")).toBe("POST /graphql");
    expect(endpointOf("GET", "https://ghe.example.com/api/v3/orgs/acme/repos", "https://ghe.example.com/api/v3")).toBe("GET /orgs/{}/repos");
  });
});
