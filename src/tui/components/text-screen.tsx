// Any text screen (detail, diff, confirmation, results, overview, help): the lines that fit, from
// the offset; a cursor where lines lead somewhere.
import { Box } from "ink";
import type { Line } from "../state/lines.js";
import { windowOf } from "../state/window.js";
import { StyledLine } from "./cells.js";
import type { Theme } from "./theme.js";

export function TextScreen({ lines, offset, height, width, theme, cursor }: { lines: Line[]; offset: number; height: number; width: number; theme: Theme; cursor?: number }) {
  const win = windowOf(lines, offset, height);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {win.rows.map((l, i) => (
        <StyledLine key={win.offset + i} line={l} theme={theme} width={width} cursor={cursor === win.offset + i} />
      ))}
    </Box>
  );
}
