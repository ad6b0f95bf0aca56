// git's blob id of a text: what GitHub names a file's content by, and what keyless records of a
// file at scan time to tell, when it writes, whether the file changed since.
import { createHash } from "node:crypto";

/** The id git (and GitHub) gives a blob with this content: sha1("blob <bytes>\0<content>"). */
export function gitBlobSha(content: string): string {
  const data = Buffer.from(content, "utf8");
  return createHash("sha1").update(`blob ${data.length}\0`).update(data).digest("hex");
}
