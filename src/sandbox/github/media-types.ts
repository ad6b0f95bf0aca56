// The media types GitHub documents per route (docs.github.com/rest/using-the-rest-api/media-types):
// contents and blobs answer `raw` with the file's bytes, contents `object` with a directory as one
// object, a pull request `diff` and `patch` as text. A route asked only for a type it does not
// serve answers 415 as GitHub does; anything JSON (`+json`, application/json, */*) gets the JSON.
import { HttpError } from "./context.js";

export interface Representation {
  contentType: string;
  data: string | Buffer;
  /** GitHub's x-github-media-type header: `github.v3; param=raw`. */
  param: string;
}

/** The types an Accept header lists, lowercased, without parameters or q-values. */
export function acceptedTypes(header: string | string[] | undefined): string[] {
  const text = Array.isArray(header) ? header.join(",") : (header ?? "");
  return text.split(",").map((t) => t.split(";")[0]!.trim().toLowerCase()).filter(Boolean);
}

/** `application/vnd.github[.v3].NAME[+json]` → NAME (raw, object, diff…); undefined for other types. */
function githubParam(type: string): string | undefined {
  return /^application\/vnd\.github(?:\.v3)?\.([a-z-]+)(?:\+json)?$/.exec(type)?.[1];
}

/** The first type asked for among those the route serves (`raw`, `diff`…), else undefined (JSON). */
export function wanted(accept: readonly string[], served: readonly string[]): string | undefined {
  for (const type of accept) {
    const param = githubParam(type);
    if (param !== undefined && served.includes(param)) return param;
  }
  return undefined;
}

const JSONISH = (type: string) => type === "*/*" || type === "application/*" || type === "application/json" || type.endsWith("+json") || type === "application/vnd.github";

/** GitHub's 415 for an Accept that names only types this route cannot answer with. */
export function refuseUnsupported(header: string | string[] | undefined, served: readonly string[]): void {
  const accept = acceptedTypes(header);
  if (accept.length === 0 || accept.some(JSONISH) || wanted(accept, served) !== undefined) return;
  const shown = Array.isArray(header) ? header.join(", ") : (header ?? "");
  throw new HttpError(415, `Unsupported 'Accept' header: '${shown}'. Must accept 'application/json'.`, { documentation_url: "https://docs.github.com/v3/media" });
}
