// The part of SARIF 2.1.0 keyless writes (OASIS SARIF v2.1.0; GitHub code scanning reads a subset).
export type SarifLevel = "error" | "warning" | "note" | "none";

export interface SarifMessage {
  text: string;
  markdown?: string;
}

export interface SarifReportingDescriptor {
  id: string;
  name: string;
  shortDescription: SarifMessage;
  fullDescription: SarifMessage;
  help: SarifMessage;
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[]; "security-severity"?: string };
}

export interface SarifRegion {
  startLine: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}

export interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: SarifRegion };
}

export interface SarifSuppression {
  kind: "inSource" | "external";
  status: "accepted";
  justification?: string;
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: SarifMessage;
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
  suppressions?: SarifSuppression[];
  properties: Record<string, string | string[]>;
}

export interface SarifLog {
  $schema: string;
  version: "2.1.0";
  runs: Array<{
    tool: { driver: { name: string; informationUri: string; version: string; semanticVersion?: string; rules: SarifReportingDescriptor[] } };
    /** SARIF's runAutomationDetails: code scanning reads `id` as the upload's category. */
    automationDetails?: { id: string };
    /** Where relative URIs with a uriBaseId start (local checkouts: the folder scanned). */
    originalUriBaseIds?: Record<string, { uri?: string; description?: SarifMessage }>;
    columnKind: "utf16CodeUnits";
    results: SarifResult[];
    properties?: Record<string, unknown>;
  }>;
}
