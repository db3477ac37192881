/** Request-body decoding shared by both adapters (fastify's content-type parser and msw). */
import type { CloudRoute } from "./types.ts";

export type DecodedBody =
  | { ok: true; body: unknown }
  | { ok: false; error: "malformedJson" | "unsupportedMediaType" };

export function isForm(contentType: string | undefined): boolean {
  return (contentType ?? "").toLowerCase().includes("application/x-www-form-urlencoded");
}

export function decodeBody(contentType: string | undefined, text: string): DecodedBody {
  if (text.length === 0) return { ok: true, body: undefined };
  const ct = (contentType ?? "").toLowerCase();
  if (isForm(ct)) return { ok: true, body: Object.fromEntries(new URLSearchParams(text)) };
  if (ct === "" || ct.includes("json")) {
    try {
      return { ok: true, body: JSON.parse(text) };
    } catch {
      return { ok: false, error: "malformedJson" };
    }
  }
  return { ok: false, error: "unsupportedMediaType" };
}

/** The token endpoint reads form fields only; a JSON body there is as good as no body. */
export function bodyForRoute(route: CloudRoute, contentType: string | undefined, body: unknown): unknown {
  if (route.body === "form") return isForm(contentType) ? body : {};
  if (route.body === "none") return undefined;
  return body;
}

/**
 * A JSON route refuses a form body (415) instead of reading its fields as if they were JSON: the
 * decoder accepts forms for the token endpoint only.
 */
export function refusesMediaType(route: CloudRoute, contentType: string | undefined): boolean {
  return route.body === "json" && isForm(contentType);
}
