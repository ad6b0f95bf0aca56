// Colour on and off: with colours the diff is green and red; with NO_COLOR the same frame has no
// colour codes at all (the cursor stays, as inverse video).
import { describe, expect, it } from "vitest";
import { acmeData, readyState } from "../../../test/support/tui.js";
import { reducer } from "../state/reducer.js";
import { colorWanted, makeTheme } from "./theme.js";

// chalk decides its colour level when it is first imported: force one before ink loads.
process.env.FORCE_COLOR = "1";
const { render } = await import("ink-testing-library");
const { createElement } = await import("react");
const { Screen } = await import("./screen.js");

const COLOUR = /\x1b\[(3[0-7]|9[0-7]|38;)/;
const state = [{ type: "resize", columns: 80, rows: 100 } as const, { type: "tab", tab: "repos" } as const, { type: "search-input", text: "billing" } as const, { type: "diff" } as const].reduce(reducer, readyState(acmeData()));

function frameWith(color: boolean): string {
  const app = render(createElement(Screen, { state, theme: makeTheme(color) }));
  const out = app.lastFrame() ?? "";
  app.unmount();
  return out;
}

describe("colour", () => {
  it("NO_COLOR (set and not empty) turns colour off", () => {
    expect(colorWanted({ NO_COLOR: "1" })).toBe(false);
    expect(colorWanted({ NO_COLOR: "" })).toBe(true);
    expect(colorWanted({})).toBe(true);
  });

  it("colours added lines green and removed lines red", () => {
    const out = frameWith(true);
    expect(out).toMatch(/\x1b\[32m\+/);
    expect(out).toMatch(/\x1b\[31m-/);
  });

  it("draws the same frame without a single colour code under NO_COLOR", () => {
    const out = frameWith(false);
    expect(out).not.toMatch(COLOUR);
    expect(out).toContain("\x1b[7m"); // the mode badge, in inverse video
    expect(out.replace(/\x1b\[[0-9;]*m/g, "")).toBe(frameWith(true).replace(/\x1b\[[0-9;]*m/g, ""));
  });
});
