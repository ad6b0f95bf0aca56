import { describe, expect, it } from "vitest";
import { parseInventory, serializeInventory } from "./parse.js";
import { INVENTORY_SCHEMA_VERSION, type Inventory } from "./schema.js";

const minimal: Inventory = {
  schemaVersion: INVENTORY_SCHEMA_VERSION,
  generatedAt: "2026-11-20T12:00:00.000Z",
  tool: { name: "keyless", version: "0.1.0" },
  skipped: [],
  requests: [],
};

describe("parseInventory", () => {
  it("round-trips a serialised inventory", () => {
    expect(parseInventory(serializeInventory(minimal), "x.json")).toEqual(minimal);
  });

  it("says when the file is not JSON", () => {
    expect(() => parseInventory("{nope", "bad.json")).toThrow(/bad.json is not valid JSON/);
  });

  it("never quotes the text of a file that is not JSON (it may be a credentials file)", () => {
    const credentials = "[default]\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG\n";
    expect(() => parseInventory(credentials, "inventory.json")).toThrow(expect.objectContaining({ message: expect.not.stringContaining("default") }));
    expect(() => parseInventory("wJalrXUtnFEMI/K7MDENG", "inventory.json")).toThrow(expect.objectContaining({ message: expect.not.stringContaining("wJalr") }));
  });

  it("says which schema version it expected", () => {
    expect(() => parseInventory(JSON.stringify({ ...minimal, schemaVersion: 99 }), "old.json")).toThrow(/schemaVersion 99; this keyless reads version 1/);
  });

  it("names the first field that does not match", () => {
    const broken = { ...minimal, skipped: [{ side: "aws", target: "1", code: "X" }] };
    expect(() => parseInventory(JSON.stringify(broken), "b.json")).toThrow(/at skipped.0.reason/);
  });
});
