// The bottom two lines: what is happening (search being typed, work in progress, a message, the
// list's filter and sort) and the keys that do something here.
import { Box, Text } from "ink";
import type { AppState } from "../state/app-state.js";
import { footerHints, statusLine } from "../state/footer.js";
import type { Theme } from "./theme.js";

export function Footer({ state, theme }: { state: AppState; theme: Theme }) {
  const status = statusLine(state);
  return (
    <Box flexDirection="column" height={2} width={state.size.columns} overflow="hidden">
      <Text wrap="truncate-end" {...theme.tone(status.tone)}>
        {status.text || " "}
      </Text>
      <Text wrap="truncate-end" {...theme.tone("muted")}>
        {footerHints(state)}
      </Text>
    </Box>
  );
}
