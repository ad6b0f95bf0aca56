import { describe, expect, it } from "vitest";
import { formatError } from "../cli/errors.js";
import { freePort } from "../../test/support/postgres-server.js";
import { isPostgresUrl, maskStateUrl, maskUrlsIn, scrubPassword } from "./state-url.js";
import { openStateStore, resolveStatePath } from "./sqlite-store.js";

describe("state connection strings", () => {
  it("masks the password wherever it is written, and leaves file paths alone", () => {
    expect(maskStateUrl("postgres://ci:s3cr%40t@db.internal:5432/keyless?sslmode=require")).toBe("postgres://ci:***@db.internal:5432/keyless?sslmode=require");
    expect(maskStateUrl("postgresql://ci@db/keyless?password=hunter2&sslmode=require")).toBe("postgresql://ci@db/keyless?password=***&sslmode=require");
    expect(maskStateUrl(".keyless/state.db")).toBe(".keyless/state.db");
    expect(maskUrlsIn("keyless pr --apply --state postgres://u:pw@h/db --quiet")).toBe("keyless pr --apply --state postgres://u:***@h/db --quiet");
    expect(scrubPassword('password authentication failed for user "u" (pw s3cr@t)', "postgres://u:s3cr%40t@h/db")).toBe('password authentication failed for user "u" (pw ***)');
  });

  it("--state, then KEYLESS_STATE_URL, then KEYLESS_STATE; a connection string is not a path", () => {
    const url = "postgres://u:pw@h/db";
    expect(isPostgresUrl(url)).toBe(true);
    expect(resolveStatePath("/w", url, {})).toBe(url);
    expect(resolveStatePath("/w", undefined, { KEYLESS_STATE_URL: url, KEYLESS_STATE: "/e.db" })).toBe(url);
    expect(resolveStatePath("/w", "s.db", { KEYLESS_STATE_URL: url })).toBe("/w/s.db");
    expect(resolveStatePath("/w", undefined, { KEYLESS_STATE_URL: "", KEYLESS_STATE: "/e.db" })).toBe("/e.db");
  });

  it("a database that cannot be reached: a clear error, the password masked even under --debug", async () => {
    const url = `postgres://keyless:Pw-only-here-7@127.0.0.1:${await freePort()}/keyless`;
    let error: unknown;
    try {
      openStateStore(url, { lock: {} });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: "StateUnreachable" });
    const printed = formatError(error, true);
    expect(printed).toContain("postgres://keyless:***@127.0.0.1:");
    expect(printed).toContain("ECONNREFUSED");
    expect(printed).not.toContain("Pw-only-here-7");
  });
});
