// The scan: finished accounts and repos scroll into a static log (drawn once each), while each
// side's counters stay live below it.
import { Box, Static, Text } from "ink";
import type { AppState } from "../state/app-state.js";
import { bar } from "../state/overview.js";
import { plural } from "../state/rows.js";
import { errorsSoFar, type LogItem, type SideProgress } from "../state/scan.js";
import { clock, duration } from "../../cli/progress.js";
import type { Theme } from "./theme.js";

export function ScanLog({ items, theme }: { items: LogItem[]; theme: Theme }) {
  return (
    <Static items={items}>
      {(item) => (
        <Text key={item.id} wrap="truncate-end" {...theme.tone(item.ok ? "muted" : "medium")}>
          {`${item.ok ? "✓" : "✗"} ${item.side === "aws" ? "aws   " : "github"} ${item.text}`}
        </Text>
      )}
    </Static>
  );
}

function sideLine(name: string, side: SideProgress, unit: string): string[] {
  if (!side.enabled) return [`${name}: not scanned`];
  const total = side.total === undefined ? "?" : String(side.total);
  const lines = [`${name}: ${side.done}/${total} ${unit}${side.total ? ` ${bar(side.done, side.total, 20)}` : ""}${side.phase ? ` · ${side.phase}` : ""}`];
  const facts: string[] = [];
  if (name === "AWS") facts.push(`${plural(side.done - side.failed, "account")} entered`, `${plural(side.keys, "access key")} found`);
  else facts.push(`${plural(side.done - side.failed, "repo")} read`);
  if (side.requests !== undefined) facts.push(`${side.requests} requests`);
  if (side.rateLimit) facts.push(`rate limit ${side.rateLimit.remaining}/${side.rateLimit.limit} left`);
  if (side.failed + side.skipped > 0) facts.push(plural(side.failed + side.skipped, "error"));
  lines.push(`  ${facts.join(" · ")}`);
  if (side.waiting) {
    const until = side.waiting.until ? ` (until ${clock(side.waiting.until)})` : "";
    lines.push(`  waiting ${duration(side.waiting.seconds)}${until}: ${side.waiting.reason}`);
  }
  if (side.eta && side.total !== undefined && side.done < side.total) lines.push(`  ETA ${clock(side.eta)}`);
  return lines;
}

export function ScanProgress({ state, theme }: { state: AppState; theme: Theme }) {
  const { scan } = state;
  const lines = [...sideLine("AWS", scan.aws, "accounts"), ...sideLine("GitHub", scan.github, "repositories")];
  const errors = errorsSoFar(scan);
  return (
    <Box flexDirection="column" width={state.size.columns}>
      {lines.map((l, i) => (
        <Text key={i} wrap="truncate-end" bold={!l.startsWith(" ")}>
          {l}
        </Text>
      ))}
      <Text wrap="truncate-end" {...theme.tone(errors ? "medium" : "muted")}>
        {`errors so far: ${errors}`}
      </Text>
      {state.phase === "analysing" ? <Text {...theme.tone("accent")}>{`… ${state.phaseDetail ?? "analysing"}`}</Text> : null}
      {state.phase === "failed" ? <Text {...theme.tone("high")}>{state.phaseDetail ?? "The scan failed."}</Text> : null}
    </Box>
  );
}
