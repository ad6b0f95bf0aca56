// The store's write path: a snapshot handed in with a literal secret is stored masked, whoever the
// caller (the database file, read as bytes, holds no secret value); a text without one is stored as given.
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openStateStore } from "./sqlite-store.js";

const SECRET = "Zq3xV9mT2bR8nK4pL7wY1sD6fH0jC5gA/e+Qu8Xo"; // shaped like one; not real

describe("state store write path", () => {
  it("masks literal secrets in every snapshot it stores, keeping each string's length", () => {
    const folder = mkdtempSync(join(tmpdir(), "keyless-state-"));
    const store = openStateStore(join(folder, "state.db"));
    const text = `env:\n  AWS_SECRET_ACCESS_KEY: ${SECRET}\n`;
    store.saveSnapshot("inventory", JSON.stringify({ text, run: `aws configure set aws_secret_access_key "${SECRET}"` }), "2026-11-20T12:00:00Z");
    const plain = JSON.stringify({ a: 1 }, null, 2);
    store.saveSnapshot("plan", plain, "2026-11-20T12:00:00Z");
    const saved = JSON.parse(store.latestSnapshot("inventory")?.json ?? "{}") as { text: string; run: string };
    expect(saved.text).not.toContain(SECRET);
    expect(saved.text.length).toBe(text.length);
    expect(saved.run).not.toContain(SECRET);
    expect(store.latestSnapshot("plan")?.json).toBe(plain);
    store.close();
    for (const name of readdirSync(folder)) expect(readFileSync(join(folder, name)).includes(SECRET), name).toBe(false);
  });
});
