/**
 * The SSPR portal flow as a small JSON API (the pages of passwordreset.microsoftonline.com, see
 * core/sspr-session.ts). Portal outcomes — SSPR_00NN error pages, the on-prem policy message, success
 * — are 200 responses describing the page, as the portal renders them; HTTP errors (unknown session,
 * wrong step, throttling → 429 + Retry-After, bad body) use the Graph envelope.
 */
import type { CloudRoute } from "../types.ts";
import { closedObject } from "../validation.ts";

const METHODS = ["email", "mobilePhone", "officePhone", "authenticatorApp"];

function sessionRoute(
  path: string,
  schema: { required: string[]; properties: Record<string, unknown> },
  step: (cloud: Parameters<CloudRoute["handle"]>[0], id: string, body: never) => unknown,
): CloudRoute {
  return {
    method: "POST",
    host: "sspr",
    path: `/sspr/sessions/:sessionId/${path}`,
    body: "json",
    schema: closedObject(schema.properties, { required: schema.required }),
    async handle(cloud, req) {
      return { status: 200, body: await step(cloud, req.params.sessionId, req.body as never) };
    },
  };
}

export const SSPR_ROUTES: CloudRoute[] = [
  {
    method: "POST",
    host: "sspr",
    path: "/sspr/sessions",
    body: "none",
    async handle(cloud) {
      return { status: 201, body: cloud.sspr.start() };
    },
  },
  {
    method: "GET",
    host: "sspr",
    path: "/sspr/sessions/:sessionId",
    body: "none",
    async handle(cloud, req) {
      return { status: 200, body: cloud.sspr.get(req.params.sessionId) };
    },
  },
  sessionRoute(
    "who-are-you",
    {
      required: ["userId", "captcha"],
      properties: {
        userId: { type: "string", minLength: 1, maxLength: 256 },
        captcha: { type: "string", maxLength: 64 },
      },
    },
    (cloud, id, body: { userId: string; captcha: string }) => cloud.sspr.whoAreYou(id, body),
  ),
  sessionRoute(
    "trouble",
    {
      required: ["reason"],
      properties: { reason: { type: "string", enum: ["forgotPassword", "unlockAccount"] } },
    },
    (cloud, id, body: { reason: "forgotPassword" | "unlockAccount" }) => cloud.sspr.whyTrouble(id, body),
  ),
  sessionRoute(
    "verification/send",
    { required: ["method"], properties: { method: { type: "string", enum: METHODS } } },
    (cloud, id, body: { method: "email" }) => cloud.sspr.sendCode(id, body),
  ),
  sessionRoute(
    "verification",
    {
      required: ["method", "code"],
      properties: { method: { type: "string", enum: METHODS }, code: { type: "string", maxLength: 16 } },
    },
    (cloud, id, body: { method: "email"; code: string }) => cloud.sspr.verify(id, body),
  ),
  sessionRoute(
    "new-password",
    {
      required: ["newPassword", "confirmPassword"],
      properties: {
        newPassword: { type: "string", minLength: 1, maxLength: 256 },
        confirmPassword: { type: "string", maxLength: 256 },
      },
    },
    (cloud, id, body: { newPassword: string; confirmPassword: string }) => cloud.sspr.newPassword(id, body),
  ),
];
