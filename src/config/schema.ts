// keyless.config.yaml: what a team tells keyless about itself — thresholds, suppressions, known
// key-to-repo mappings. Validated once, here; stages receive plain values.
import { z } from "zod";

const AllowlistEntry = z
  .object({
    rule: z.string().regex(/^(KL\d{3}|\*)$/, "a rule id such as KL103, or *").describe("Rule id to suppress, or * for every rule"),
    accessKeyId: z.string().optional().describe("Only for this access key id"),
    repo: z.string().optional().describe("Only for this repository (owner/name)"),
    path: z.string().optional().describe("Only for this workflow path"),
    reason: z.string().min(1, "say why: the reason is shown in every report").describe("Why it is accepted; shown in reports"),
  })
  .strict();

const MappingEntry = z
  .object({
    accessKeyId: z.string().regex(/^(AKIA|ASIA)[A-Z2-7]{16}$/, "an access key id (AKIA + 16 characters)"),
    repo: z.string().regex(/^[^/\s]+\/[^/\s]+$/, "owner/name"),
    secretNames: z.array(z.string()).optional(),
  })
  .strict();

export const ConfigFile = z
  .object({
    version: z.literal(1).describe("Config format version"),
    analysis: z
      .object({
        maxKeyAgeDays: z.number().int().positive().default(90).describe("Keys older than this are findings (KL103)"),
        unusedDays: z.number().int().positive().default(45).describe("Keys unused this long are findings (KL104)"),
      })
      .strict()
      .default({ maxKeyAgeDays: 90, unusedDays: 45 }),
    allowlist: z.array(AllowlistEntry).default([]).describe("Accepted findings: shown as suppressed, never dropped"),
    mappings: z.array(MappingEntry).default([]).describe("Known key-to-repo links (certain evidence)"),
  })
  .strict();
export type ConfigFile = z.infer<typeof ConfigFile>;
