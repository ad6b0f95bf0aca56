import { describe, expect, it } from "vitest";
import { scrollOffset, windowLabel, windowOf } from "./window.js";

describe("scrollOffset", () => {
  it("keeps the offset while the cursor is in view", () => {
    expect(scrollOffset(5, 0, 10, 100)).toBe(0);
    expect(scrollOffset(12, 5, 10, 100)).toBe(5);
  });

  it("moves the window by the least amount that shows the cursor", () => {
    expect(scrollOffset(10, 0, 10, 100)).toBe(1);
    expect(scrollOffset(3, 20, 10, 100)).toBe(3);
  });

  it("never scrolls past the end, and is 0 for an empty or fitting list", () => {
    expect(scrollOffset(99, 95, 10, 100)).toBe(90);
    expect(scrollOffset(0, 7, 10, 5)).toBe(0);
    expect(scrollOffset(0, 3, 10, 0)).toBe(0);
  });
});

describe("windowOf", () => {
  it("slices only the rows that fit", () => {
    const all = Array.from({ length: 10_000 }, (_, i) => i);
    const w = windowOf(all, 5000, 19);
    expect(w.rows).toHaveLength(19);
    expect(w.rows[0]).toBe(5000);
    expect(w.count).toBe(10_000);
  });

  it("clamps an offset past the end (after a filter shrank the list)", () => {
    expect(windowOf([1, 2, 3], 10, 5)).toEqual({ rows: [1, 2, 3], offset: 0, count: 3 });
  });

  it("labels the window when the list does not fit", () => {
    expect(windowLabel(0, 19, 19)).toBe("19");
    expect(windowLabel(100, 19, 10_000)).toBe("101–119 of 10,000");
  });
});
