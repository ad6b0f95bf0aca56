// Parses keyless.config.yaml text into the analysis and plan configs, with errors that name the field.
import { parseDocument } from "yaml";
import type { AnalysisConfig } from "../analyze/model.js";
import { KeylessError } from "../core/errors.js";
import { DEFAULT_PLAN_CONFIG, type PlanConfig } from "../plan/config.js";
import { ConfigFile } from "./schema.js";

export const CONFIG_FILE_NAME = "keyless.config.yaml";

export function parseConfig(text: string, source: string): ConfigFile {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    throw new KeylessError("BadConfig", `${source} is not valid YAML: ${first?.message.split("\n")[0] ?? "parse error"}.`, "Fix the YAML syntax (see the line and column above).");
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch {
    throw new KeylessError("BadConfig", `${source} expands too many YAML aliases.`, "Write the values out instead of repeating aliases.");
  }
  const parsed = ConfigFile.safeParse(value ?? {});
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

/** The plan's settings: the config file's, then what the command line overrides (`--permissions`). */
export function planConfig(config: ConfigFile | undefined, overrides: Partial<Pick<PlanConfig, "permissions">> = {}): PlanConfig {
  const given = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const plan = config?.plan;
  const breakGlass = config?.guardrails ? { breakGlassRoleName: config.guardrails.breakGlassRoleName } : {};
  if (!plan) return { ...DEFAULT_PLAN_CONFIG, repos: {}, ...given, ...breakGlass };
  const { toolingAccountId, issuer, ...rest } = plan;
  return { ...rest, ...(toolingAccountId ? { toolingAccountId } : {}), ...(issuer ? { issuer } : {}), ...given, ...breakGlass };
}
