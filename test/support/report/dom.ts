// Test helper: walk an HTML page parsed by parse5 (as a browser parses it) and list what it would
// fetch from outside — any attribute that loads a resource or navigates away, and CSS url().
import { parse, type DefaultTreeAdapterMap } from "parse5";

export type Node = DefaultTreeAdapterMap["node"];
export type Element = DefaultTreeAdapterMap["element"];

export function elements(node: Node, out: Element[] = []): Element[] {
  if ("tagName" in node) out.push(node);
  const children = "content" in node && node.tagName === "template" ? node.content.childNodes : "childNodes" in node ? node.childNodes : [];
  for (const child of children) elements(child, out);
  return out;
}

export function textOf(node: Node): string {
  if (node.nodeName === "#text") return (node as DefaultTreeAdapterMap["textNode"]).value;
  return "childNodes" in node ? node.childNodes.map(textOf).join("") : "";
}

export const attr = (e: Element, name: string) => e.attrs.find((a) => a.name === name)?.value;

const FETCHING_TAGS = ["link", "iframe", "frame", "object", "embed", "img", "image", "video", "audio", "source", "track", "base", "form", "use", "feImage"];
const FETCHING_ATTRS = ["src", "srcset", "action", "formaction", "poster", "data", "xlink:href", "background", "ping", "manifest"];

/** Everything in the page that could make a request or leave the page; empty for a self-contained page. */
export function externalReferences(page: string): string[] {
  const found: string[] = [];
  for (const e of elements(parse(page))) {
    if (FETCHING_TAGS.includes(e.tagName)) found.push(`<${e.tagName}>`);
    for (const a of e.attrs) {
      if (FETCHING_ATTRS.includes(a.name)) found.push(`${e.tagName} ${a.name}=${a.value}`);
      if (a.name === "href" && !/^#[\w-]*$/.test(a.value)) found.push(`${e.tagName} href=${a.value}`);
      if (a.name === "style" && /url\(|@import/i.test(a.value)) found.push(`${e.tagName} style=${a.value}`);
      if (e.tagName === "meta" && a.name === "http-equiv" && /refresh/i.test(a.value)) found.push("meta refresh");
    }
    if (e.tagName === "style" && /url\(|@import/i.test(textOf(e))) found.push("<style> with url() or @import");
  }
  return found;
}
