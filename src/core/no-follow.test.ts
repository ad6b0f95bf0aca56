import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readFileNoFollow, symlinkOnPath, writeFilesUnder } from "./no-follow.js";

const dir = () => realpathSync(mkdtempSync(join(tmpdir(), "keyless-nofollow-")));

function victim(): string {
  const path = join(dir(), "victim");
  writeFileSync(path, "precious");
  return path;
}

describe("writeFilesUnder", () => {
  it("writes files and folders, replacing an existing file, and leaves no temporary file", () => {
    const root = join(dir(), "out");
    writeFilesUnder(root, [{ path: "a.txt", text: "one" }, { path: "terraform/x/main.tf", text: "two" }]);
    writeFilesUnder(root, [{ path: "a.txt", text: "three" }]);
    expect(readFileSync(join(root, "a.txt"), "utf8")).toBe("three");
    expect(readFileSync(join(root, "terraform/x/main.tf"), "utf8")).toBe("two");
    expect(readdirSync(root).sort()).toEqual(["a.txt", "terraform"]);
  });

  it("refuses a link anywhere on the path, before writing any file of the set", () => {
    const target = victim();
    const elsewhere = dir();
    const root = dir();
    symlinkSync(target, join(root, "b.txt"));
    mkdirSync(join(root, "deep"));
    symlinkSync(elsewhere, join(root, "deep", "terraform"));
    for (const files of [[{ path: "a.txt", text: "x" }, { path: "b.txt", text: "x" }], [{ path: "deep/terraform/main.tf", text: "x" }]]) {
      expect(() => writeFilesUnder(root, files)).toThrow(expect.objectContaining({ code: "SymlinkRefused" }));
    }
    expect(readFileSync(target, "utf8")).toBe("precious");
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(readdirSync(root).sort()).toEqual(["b.txt", "deep"]);
  });

  it("refuses a root folder that is a link, and a path that leaves the root", () => {
    const elsewhere = dir();
    const parent = dir();
    symlinkSync(elsewhere, join(parent, "reports"));
    expect(() => writeFilesUnder(join(parent, "reports"), [{ path: "audit.md", text: "x" }])).toThrow(expect.objectContaining({ code: "SymlinkRefused" }));
    expect(() => writeFilesUnder(parent, [{ path: "../escape", text: "x" }])).toThrow(expect.objectContaining({ code: "UnsafePath" }));
    expect(readdirSync(elsewhere)).toEqual([]);
  });
});

describe("symlinkOnPath and readFileNoFollow", () => {
  it("name the first link on a path, and read only regular files", () => {
    const root = dir();
    const target = victim();
    symlinkSync(target, join(root, "link"));
    writeFileSync(join(root, "plain"), "text");
    expect(symlinkOnPath(join(root, "link", "below"))).toBe(join(root, "link"));
    expect(symlinkOnPath(join(root, "plain"))).toBeUndefined();
    expect(symlinkOnPath(join(root, "missing", "below"))).toBeUndefined();
    expect(readFileNoFollow(join(root, "link"), 100)).toBeUndefined();
    expect(readFileNoFollow(join(root, "plain"), 100)).toEqual({ size: 4, text: "text" });
    expect(readFileNoFollow(join(root, "plain"), 2)).toEqual({ size: 4 });
  });
});
