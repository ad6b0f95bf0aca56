// Repository text printed to a terminal cannot act on it: escape sequences, lone carriage returns and
// bidi controls are spelled out; line feeds, tabs and CRLF line ends stay.
import { describe, expect, it } from "vitest";
import { terminalSafe } from "./terminal.js";

describe("terminalSafe", () => {
  it("spells out ESC (colours, OSC 8 hyperlinks, titles), BEL, C1 controls and bidi overrides", () => {
    const hostile = "Deploy \u001b[2J\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007 \u009b31m \u202egnp.exe\u202c";
    const safe = terminalSafe(hostile);
    expect(safe).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(safe).toBe("Deploy \\x1b[2J\\x1b]8;;https://evil.example\\x07click\\x1b]8;;\\x07 \\x9b31m \\u202egnp.exe\\u202c");
  });

  it("keeps line feeds, tabs and CRLF line ends, but not a carriage return that would overwrite a line", () => {
    expect(terminalSafe("a\tb\r\nc\n")).toBe("a\tb\r\nc\n");
    expect(terminalSafe("safe\rEVIL")).toBe("safe\\x0dEVIL");
  });
});
