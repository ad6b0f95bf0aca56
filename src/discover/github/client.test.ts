import { describe, expect, it } from "vitest";
import { endpointOf } from "./client.js";

describe("endpointOf", () => {
  it("collapses owner, repo and names so that counts group by endpoint", () => {
    expect(endpointOf("get", "http://127.0.0.1:9/repos/acme/api/actions/secrets?per_page=100", "http://127.0.0.1:9")).toBe("GET /repos/{}/{}/actions/secrets");
    expect(endpointOf("GET", "http://127.0.0.1:9/repos/acme/web/environments/prod/secrets", "http://127.0.0.1:9")).toBe("GET /repos/{}/{}/environments/{}/secrets");
    expect(endpointOf("POST", "http://127.0.0.1:9/graphql", "http://127.0.0.1:9/")).toBe("POST /graphql");
  });

  it("strips an Enterprise Server base path", () => {
    expect(endpointOf("GET", "https://ghe.example.com/api/v3/orgs/acme/repos", "https://ghe.example.com/api/v3")).toBe("GET /orgs/{}/repos");
  });
});
