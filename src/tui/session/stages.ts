// The stages after discover, through the pipeline `keyless pr` uses (analyze → audit → plan →
// patches and Terraform), and the TUI's data built from their results.
import type { ConfigFile } from "../../config/schema.js";
import type { Inventory } from "../../inventory/schema.js";
import type { Plan } from "../../plan/index.js";
import { runStages as runPipeline, type Stages } from "../../cli/pipeline.js";
import { buildTuiData } from "../state/build-data.js";
import type { Records, TuiData } from "../state/model.js";

export interface StageResults extends Stages {
  data: TuiData;
}

export function runStages(inventory: Inventory, config: ConfigFile | undefined, now: Date, records: Records, plan?: Plan): StageResults {
  const stages = runPipeline({ inventory, config, now, ...(plan ? { plan } : {}) });
  return { ...stages, data: buildTuiData(stages.audit, stages.plan, { terraform: stages.terraform, workflows: stages.patches }, records) };
}

/** After an action: the same results with the state store's records read again (no re-analysis). */
export function withRecords(results: StageResults, records: Records): StageResults {
  return { ...results, data: buildTuiData(results.audit, results.plan, results.data.generated, records) };
}
