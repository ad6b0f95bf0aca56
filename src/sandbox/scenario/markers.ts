// Usage markers: templates tag the line that hands a key to a job with an invisible marker; render()
// strips the markers and returns the 1-based line of each, so ground truth never depends on hand-counting.

export interface UsageMark {
  shape: string;
  job?: string;
  /** Which key slot of the repo this usage draws on (see RepoTemplate slots). */
  slot: string;
  /** Secret (or variable) names as this file references them at this usage. */
  names: string[];
}

export interface RenderedUsage extends UsageMark {
  line: number;
}

const OPEN = "\u27e6"; // ⟦
const CLOSE = "\u27e7"; // ⟧
const MARKER = / ?\u27e6([^\u27e7]*)\u27e7/g;

/** The marker to append at the end of a usage line inside a template literal. */
export function mark(shape: string, job: string | undefined, slot: string, names: string[]): string {
  return ` ${OPEN}${shape}|${job ?? ""}|${slot}|${names.join(",")}${CLOSE}`;
}

export interface RenderOptions {
  crlf?: boolean;
  /** Drop the final newline (a YAML quirk some repos have). */
  noFinalNewline?: boolean;
}

export function render(raw: string, options: RenderOptions = {}): { text: string; usages: RenderedUsage[] } {
  const lines = raw.split("\n");
  const usages: RenderedUsage[] = [];
  const out = lines.map((line, index) => {
    MARKER.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = MARKER.exec(line)) !== null) {
      const [shape = "", job = "", slot = "", names = ""] = (match[1] ?? "").split("|");
      usages.push({ shape, ...(job ? { job } : {}), slot, names: names ? names.split(",") : [], line: index + 1 });
    }
    return line.replace(MARKER, "");
  });
  let text = out.join(options.crlf ? "\r\n" : "\n");
  if (options.noFinalNewline) text = text.replace(/(\r?\n)+$/, "");
  else if (!text.endsWith("\n")) text += options.crlf ? "\r\n" : "\n";
  return { text, usages };
}

/** Strip a template literal's leading newline so templates can start on their own line. */
export function wf(strings: TemplateStringsArray, ...values: unknown[]): string {
  let out = "";
  strings.forEach((s, i) => {
    out += s + (i < values.length ? String(values[i]) : "");
  });
  return out.replace(/^\n/, "");
}
