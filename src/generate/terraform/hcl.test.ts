// The HCL writer: `terraform fmt`'s layout (indents, `=` aligned per run of single-line assignments,
// runs broken by blank lines, blocks and multi-line values) and escapes that keep any string a string.
import { describe, expect, it } from "vitest";
import { attr, blank, block, call, comment, fromJson, hclString, list, obj, objectKey, raw, renderFile, str, tfIdentifier } from "./hcl.js";
import { parseHcl } from "../../../test/support/generate/terraform.js";

describe("renderFile", () => {
  it("aligns = across consecutive single-line assignments only, as terraform fmt does", () => {
    const text = renderFile([
      block("resource", ["aws_iam_role", "x"], [
        attr("name", str("a")),
        attr("max_session_duration", { t: "num", v: 3600 }),
        attr("assume_role_policy", call("jsonencode", obj([["Version", str("2012-10-17")], ["Statement", list([obj([["Sid", str("S")], ["Effect", str("Allow")], ["Principal", obj([["AWS", raw("aws_iam_role.y.arn")]])], ["Action", list([str("sts:AssumeRole"), str("sts:TagSession")])]])])]]))),
        blank,
        attr("tags", obj([["keyless:repo", str("acme/api")], ["a", str("b")]])),
      ]),
      blank,
      block("variable", ["tags"], [attr("type", raw("map(string)")), attr("default", obj([]))]),
    ]);
    expect(text).toBe(
      [
        'resource "aws_iam_role" "x" {',
        '  name                 = "a"',
        "  max_session_duration = 3600",
        "  assume_role_policy = jsonencode({",
        '    Version = "2012-10-17"',
        "    Statement = [",
        "      {",
        '        Sid    = "S"',
        '        Effect = "Allow"',
        "        Principal = {",
        "          AWS = aws_iam_role.y.arn",
        "        }",
        '        Action = ["sts:AssumeRole", "sts:TagSession"]',
        "      },",
        "    ]",
        "  })",
        "",
        "  tags = {",
        '    "keyless:repo" = "acme/api"',
        '    a              = "b"',
        "  }",
        "}",
        "",
        'variable "tags" {',
        "  type    = map(string)",
        "  default = {}",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("counts columns in grapheme clusters when aligning", () => {
    // "👩‍👩‍👧" is one cluster but eight UTF-16 code units: counted in code units it would push the others right.
    const text = renderFile([attr("m", obj([["é", str("1")], ["👩‍👩‍👧", str("2")], ["abcd", str("3")]]))]);
    expect(text.split("\n").slice(1, 4)).toEqual(['  "é"  = "1"', '  "👩‍👩‍👧"  = "2"', '  abcd = "3"']);
  });

  it("breaks long lists over lines with trailing commas", () => {
    const items = Array.from({ length: 6 }, (_, i) => str(`arn:aws:iam::123456789012:role/keyless/role-number-${i}`));
    const text = renderFile([attr("x", list(items))]);
    expect(text.split("\n")[0]).toBe("x = [");
    expect(text.split("\n")[1]).toBe('  "arn:aws:iam::123456789012:role/keyless/role-number-0",');
    expect(text.trimEnd().endsWith("]")).toBe(true);
  });

  it("writes a comment on one line whatever it contains", () => {
    expect(renderFile([comment("a\nb\r\u0000c")])).toBe("# a b c\n");
    expect(renderFile([comment("gnp\u202e.exe")])).toBe("# gnp\\u202e.exe\n");
  });
});

describe("HCL strings", () => {
  const hostile = ['say "hi"', "back\\slash", "${var.secret}", "%{ if true }x%{ endif }", "line\nbreak\ttab\rcr", "nul\u0000bell\u0007", "$${already}", "%%{already}", "emoji 👩‍👩‍👧 and é", "lone \ud800 surrogate", "\u2028sep"];

  it("escapes quotes, backslashes, control characters and template sequences", () => {
    expect(hclString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(hclString("${x} %{y}")).toBe('"$${x} %%{y}"');
    expect(hclString("a\nb")).toBe('"a\\nb"');
    expect(hclString("\u0007")).toBe('"\\u0007"');
    // Bidi overrides and C1 controls keep their value but cannot reorder what a reviewer reads.
    expect(hclString("a\u202eb\u0085")).toBe('"a\\u202eb\\u0085"');
  });

  it("parses back to the same text in HashiCorp's parser", async () => {
    for (const value of hostile) {
      const parsed = (await parseHcl("x.tf", renderFile([attr("value", str(value)), attr("keys", obj([[value, str("k")]]))]))) as { value?: string; keys?: Record<string, string> };
      const expected = value.replace(/\ud800/, "\ufffd");
      // hcl2json writes a literal `${` as `$${` in its JSON (the JSON syntax is a template too).
      const unescape = (s: string | undefined) => s?.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{");
      expect(unescape(parsed.value), JSON.stringify(value)).toBe(expected);
      expect(Object.keys(parsed.keys ?? {}).map(unescape), JSON.stringify(value)).toEqual([expected]);
    }
  });

  it("keeps object keys that are not plain identifiers quoted", () => {
    expect(objectKey("Version")).toBe("Version");
    expect(objectKey("token.actions.githubusercontent.com:sub")).toBe('"token.actions.githubusercontent.com:sub"');
    expect(objectKey("null")).toBe('"null"');
    expect(objectKey("a-b")).toBe('"a-b"');
  });

  it("turns known strings into references and leaves the rest literal", () => {
    const v = fromJson({ A: "arn:x", B: ["arn:x", "arn:y"], C: 1, D: true, E: null }, new Map([["arn:x", "aws_iam_role.x.arn"]]));
    expect(renderFile([attr("p", v)])).toBe(["p = {", "  A = aws_iam_role.x.arn", '  B = [aws_iam_role.x.arn, "arn:y"]', "  C = 1", "  D = true", "  E = null", "}", ""].join("\n"));
  });

  it("makes Terraform identifiers from any name", () => {
    expect(tfIdentifier("gha-api-env-production")).toBe("gha_api_env_production");
    expect(tfIdentifier("gha-a.b+c@d")).toBe("gha_a_b_c_d");
    expect(tfIdentifier("9lives")).toBe("r_9lives");
  });
});
