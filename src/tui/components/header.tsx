// The top line: where the data came from, the tabs, and whether writes are live (always visible).
import { Box, Text } from "ink";
import type { AppState, Tab } from "../state/app-state.js";
import { TABS } from "../state/app-state.js";
import type { Theme } from "./theme.js";

const TITLES: Record<Tab, string> = { overview: "1 Overview", repos: "2 Repos", keys: "3 Keys" };

export function Header({ state, theme }: { state: AppState; theme: Theme }) {
  const counts: Record<Tab, string> = {
    overview: "",
    repos: state.data ? ` ${state.data.repos.length}` : "",
    keys: state.data ? ` ${state.data.keys.length}` : "",
  };
  const mode = state.mode.dryRun ? " DRY RUN " : " APPLY ";
  return (
    <Box height={1} width={state.size.columns} justifyContent="space-between" overflow="hidden">
      <Text wrap="truncate-end">
        <Text bold>keyless</Text>
        <Text {...theme.tone("muted")}> {state.mode.source} </Text>
        {state.phase === "ready"
          ? TABS.map((t) => (
              <Text key={t} inverse={t === state.tab && state.stack.length === 0} bold={t === state.tab}>
                {` ${TITLES[t]}${counts[t]} `}
              </Text>
            ))
          : null}
      </Text>
      <Box flexShrink={0}>
        <Text inverse bold {...(theme.color ? { color: state.mode.dryRun ? "yellow" : "red" } : {})}>
          {mode}
        </Text>
      </Box>
    </Box>
  );
}
