// Small pieces every screen uses: a row of cells, a styled line, both with the cursor's inverse.
import { Box, Text } from "ink";
import type { Cell } from "../state/columns.js";
import type { Line } from "../state/lines.js";
import type { Theme } from "./theme.js";

export function CellRow({ cells, theme, cursor = false }: { cells: Cell[]; theme: Theme; cursor?: boolean }) {
  return (
    <Box height={1} overflow="hidden">
      <Text wrap="truncate-end" inverse={cursor}>
        {cells.map((c, i) => (
          <Text key={i} {...theme.tone(c.tone)}>
            {c.text}
          </Text>
        ))}
      </Text>
    </Box>
  );
}

export function StyledLine({ line, theme, cursor = false, width }: { line: Line; theme: Theme; cursor?: boolean; width: number }) {
  // An empty line must still take its row; a cursor on it shows as a bar.
  const text = line.text === "" ? " " : line.text;
  return (
    <Box height={1} width={width} overflow="hidden">
      <Text wrap="truncate-end" inverse={cursor} {...theme.line(line.style)}>
        {text}
      </Text>
    </Box>
  );
}
