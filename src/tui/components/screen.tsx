// The whole frame as a function of the state: header, the body of the current screen, footer.
// During the scan: the static log and the live counters instead.
import { Box } from "ink";
import type { AppState } from "../state/app-state.js";
import { HELP } from "../state/keys.js";
import { appHeight, bodyHeight, hasCursor, overlayLines } from "../state/layout.js";
import { line, type Line } from "../state/lines.js";
import { overviewLines } from "../state/overview.js";
import { top } from "../state/selectors.js";
import { Footer } from "./footer.js";
import { Header } from "./header.js";
import { ListScreen } from "./list-screen.js";
import { ScanLog, ScanProgress } from "./scan-screen.js";
import { TextScreen } from "./text-screen.js";
import type { Theme } from "./theme.js";

const HELP_LINES: Line[] = [
  line("Keys", "title"),
  ...HELP.map(([keys, what]) => line(`  ${keys.padEnd(16)} ${what}`)),
  line(""),
  line("States: repos clean · on-oidc · ready · pr-open · merged · blocked …; keys to-retire · waiting · ready · deactivated …", "dim"),
];

function Body({ state, theme }: { state: AppState; theme: Theme }) {
  const width = state.size.columns;
  const height = bodyHeight(state);
  if (state.help) return <TextScreen lines={HELP_LINES} offset={0} height={height} width={width} theme={theme} />;
  const overlay = top(state);
  if (overlay) {
    const lines = overlayLines(state.data, overlay, state.mode.dryRun);
    return <TextScreen lines={lines} offset={overlay.offset} height={height} width={width} theme={theme} {...(hasCursor(overlay) ? { cursor: overlay.cursor } : {})} />;
  }
  if (state.tab === "overview" && state.data) return <TextScreen lines={overviewLines(state.data, "")} offset={0} height={height} width={width} theme={theme} />;
  if (state.tab === "repos" || state.tab === "keys") return <ListScreen state={state} theme={theme} tab={state.tab} />;
  return null;
}

// The scan log stays mounted for the app's whole life, first in every frame. ink 6 keeps a pointer to
// its <Static> node after the element is removed and frees the node's yoga layout, so the next frames
// read a freed layout: an 8-gigarow static output hung the app on the first key after the scan, about
// one run in two. Kept mounted with the same items, <Static> prints nothing more.
export function Screen({ state, theme }: { state: AppState; theme: Theme }) {
  if (state.phase !== "ready") {
    return (
      <>
        <ScanLog key="log" items={state.scan.log} theme={theme} />
        <Header state={state} theme={theme} />
        <ScanProgress state={state} theme={theme} />
        <Footer state={state} theme={theme} />
      </>
    );
  }
  return (
    <>
      <ScanLog key="log" items={state.scan.log} theme={theme} />
      <Box flexDirection="column" width={state.size.columns} height={appHeight(state)}>
        <Header state={state} theme={theme} />
        <Box flexDirection="column" height={bodyHeight(state)} overflow="hidden">
          <Body state={state} theme={theme} />
        </Box>
        <Footer state={state} theme={theme} />
      </Box>
    </>
  );
}
