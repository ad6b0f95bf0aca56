// Parses keyless.config.yaml text into the analysis config, with errors that name the field.
import { parseDocument } from "yaml";
import type { AnalysisConfig } from "../analyze/model.js";
import { KeylessError } from "../core/errors.js";
import { ConfigFile } from "./schema.js";

export const CONFIG_FILE_NAME = "keyless.config.yaml";

export function parseConfig(text: string, source: string): ConfigFile {
  const doc = parseDocument(text, { prettyErrors: true, maxAliasCount: 100 });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    throw new KeylessError("BadConfig", `${source} is not valid YAML: ${first?.message.split("\n")[0] ?? "parse error"}.`, "Fix the YAML syntax (see the line and column above).");
  }
  const parsed = ConfigFile.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new KeylessError(
      "BadConfig",
      `${source}: ${issue?.path.join(".") || "(top level)"}: ${issue?.message ?? "invalid"}.`,
      "See docs/config.md for the fields keyless.config.yaml accepts.",
    );
  }
  return parsed.data;
}

export function analysisConfig(config: ConfigFile | undefined): AnalysisConfig {
  return {
    allowlist: config?.allowlist ?? [],
    mappings: config?.mappings ?? [],
    maxKeyAgeDays: config?.analysis.maxKeyAgeDays ?? 90,
    unusedDays: config?.analysis.unusedDays ?? 45,
  };
}
