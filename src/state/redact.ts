// The store's write path keeps no secret value: every JSON text stored (snapshots, cached API
// answers) has its literal secrets masked, whoever the caller was. Masks keep each string's length,
// so a saved inventory's locations stay right.
import { maskSecrets, maskSecretsDeep } from "../core/literal-secrets.js";

export function redactStoredJson(json: string): string {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return maskSecrets(json);
  }
  const masked = maskSecretsDeep(value);
  // Unchanged texts are stored as given (byte for byte what the caller wrote).
  return JSON.stringify(masked) === JSON.stringify(value) ? json : JSON.stringify(masked);
}
