/**
 * Fault injection decorator: for operations matching a rule, delay the answer, drop the response
 * (the operation still runs: a lost reply), close the connection (the operation does not run),
 * or answer a fixed result (the operation does not run). Rules are tried in order; the first
 * match applies, `times` limits how often.
 */
import type { LdapResult } from "../../directory/api.ts";
import type { LdapRequest, OperationResponse, OperationType } from "../protocol/messages.ts";
import type { ConnectionState } from "../server/connection-state.ts";
import type { ConnectionEvent, RequestHandler } from "./request-handler.ts";
import { requestDn } from "./request-summary.ts";

export type FaultAction = { kind: "drop" } | { kind: "close" } | { kind: "result"; result: LdapResult };

export interface FaultRule {
  /** Operation types to match (default: all). */
  op?: OperationType | OperationType[];
  /** DN as sent (case-insensitive string equality) or a pattern. */
  dn?: string | RegExp;
  /** Extended operation OID. */
  oid?: string;
  /** Any further condition. */
  when?: (request: LdapRequest, connection: ConnectionState) => boolean;
  /** Wait this long before acting (or before passing the request on when there is no action). */
  delayMs?: number;
  action?: FaultAction;
  /** Apply at most this many times (default: unlimited). */
  times?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class FaultInjector implements RequestHandler {
  private readonly rules: FaultRule[];
  private readonly used = new Map<FaultRule, number>();

  constructor(
    private readonly inner: RequestHandler,
    rules: FaultRule[] = [],
  ) {
    this.rules = [...rules];
  }

  add(rule: FaultRule): this {
    this.rules.push(rule);
    return this;
  }

  clear(): void {
    this.rules.length = 0;
    this.used.clear();
  }

  observe(event: ConnectionEvent): void {
    this.inner.observe?.(event);
  }

  async handle(request: LdapRequest, conn: ConnectionState): Promise<OperationResponse> {
    const rule = this.rules.length === 0 ? undefined : this.match(request, conn);
    if (!rule) return this.inner.handle(request, conn);
    this.used.set(rule, (this.used.get(rule) ?? 0) + 1);
    if (rule.delayMs) await sleep(rule.delayMs);
    const action = rule.action;
    if (!action) return this.inner.handle(request, conn);
    switch (action.kind) {
      case "drop":
        return { ...(await this.inner.handle(request, conn)), drop: true };
      case "close":
        return { drop: true, close: true };
      case "result":
        return { result: action.result };
    }
  }

  private match(request: LdapRequest, conn: ConnectionState): FaultRule | undefined {
    const op = request.operation;
    for (const rule of this.rules) {
      if (rule.times !== undefined && (this.used.get(rule) ?? 0) >= rule.times) continue;
      if (
        rule.op !== undefined &&
        !(Array.isArray(rule.op) ? rule.op.includes(op.type) : rule.op === op.type)
      ) {
        continue;
      }
      if (rule.dn !== undefined) {
        const dn = requestDn(op);
        if (typeof rule.dn === "string" ? rule.dn.toLowerCase() !== dn.toLowerCase() : !rule.dn.test(dn))
          continue;
      }
      if (rule.oid !== undefined && !(op.type === "extended" && op.oid === rule.oid)) continue;
      if (rule.when && !rule.when(request, conn)) continue;
      return rule;
    }
    return undefined;
  }
}

export function faultInjection(inner: RequestHandler, rules: FaultRule[] = []): FaultInjector {
  return new FaultInjector(inner, rules);
}
