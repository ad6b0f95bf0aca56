// The repo and key lists: a column header and only the rows that fit (the window), the cursor's inverted.
import { Box, Text } from "ink";
import type { AppState } from "../state/app-state.js";
import { keyCells, keyHeader, repoCells, repoHeader } from "../state/columns.js";
import { keyRows, listHeight, repoRows } from "../state/layout.js";
import { windowOf } from "../state/window.js";
import { CellRow } from "./cells.js";
import type { Theme } from "./theme.js";

function Empty({ text, theme }: { text: string; theme: Theme }) {
  return (
    <Text wrap="truncate-end" {...theme.tone("muted")}>
      {text ? `  Nothing matches "${text}" (Esc clears the search).` : "  Nothing here."}
    </Text>
  );
}

export function ListScreen({ state, theme, tab }: { state: AppState; theme: Theme; tab: "repos" | "keys" }) {
  const width = state.size.columns;
  const list = state.lists[tab];
  const height = listHeight(state);
  if (tab === "repos") {
    const win = windowOf(repoRows(state), list.offset, height);
    return (
      <Box flexDirection="column" width={width}>
        <CellRow cells={repoHeader(width)} theme={theme} />
        {win.count === 0 ? <Empty text={list.text} theme={theme} /> : null}
        {win.rows.map((row, i) => (
          <CellRow key={row.id} cells={repoCells(row, width, state.selected.has(row.id))} theme={theme} cursor={win.offset + i === list.cursor} />
        ))}
      </Box>
    );
  }
  const win = windowOf(keyRows(state), list.offset, height);
  return (
    <Box flexDirection="column" width={width}>
      <CellRow cells={keyHeader(width)} theme={theme} />
      {win.count === 0 ? <Empty text={list.text} theme={theme} /> : null}
      {win.rows.map((row, i) => (
        <CellRow key={row.id} cells={keyCells(row, width)} theme={theme} cursor={win.offset + i === list.cursor} />
      ))}
    </Box>
  );
}
