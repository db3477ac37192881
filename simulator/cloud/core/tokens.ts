/**
 * Access and ID tokens: JWTs signed RS256 with a key pair generated per run (crypto randomness is
 * allowed for keys). Issue and expiry times come from the SimClock, so "an hour later" in a scenario
 * makes a token expire without waiting. Claims follow the v1 Graph access-token shape (aud, iss, tid,
 * oid, upn, scp | roles, wids, appid, idtyp).
 */
import { createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from "node:crypto";
import { promisify } from "node:util";
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import type { SeededIds } from "../../clock/seeded-ids.ts";
import type { SimClock } from "../../clock/sim-clock.ts";
import { cachedKeyMaterial } from "../../keys/key-cache.ts";
import type { GraphErrorKey } from "./catalogue/graph-errors.ts";
import { GRAPH_AUDIENCE } from "./constants.ts";

export const ACCESS_TOKEN_LIFETIME_S = 3600;

export interface AccessTokenClaims {
  aud: string;
  iss: string;
  tid: string;
  appid: string;
  idtyp: "user" | "app";
  oid: string;
  sub: string;
  upn?: string;
  unique_name?: string;
  name?: string;
  scp?: string;
  roles?: string[];
  wids?: string[];
  iat: number;
  nbf: number;
  exp: number;
  uti: string;
  ver: "1.0";
}

export type TokenCheck = { ok: true; claims: AccessTokenClaims } | { ok: false; error: GraphErrorKey };

let signingKeys: Promise<{ privateKey: KeyObject; publicKey: KeyObject }> | undefined;

/**
 * The RS256 signing key pair, one per process and shared by every tenant, as Entra ID's signing keys
 * are common to all tenants (one JWKS at login.microsoftonline.com/common/discovery/v2.0/keys).
 * Made the first time a TokenService is made, in libuv's thread pool (a 2048-bit prime search takes
 * 0.1–1 s) and kept in the key cache (keys/key-cache.ts) for the next process.
 */
function processSigningKeys(): Promise<{ privateKey: KeyObject; publicKey: KeyObject }> {
  signingKeys ??= cachedKeyMaterial(
    "token-signing-rsa2048-v1",
    async () => {
      const pair = await promisify(generateKeyPair)("rsa", { modulusLength: 2048 });
      return { privateKeyPem: pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString() };
    },
    (stored) => createPrivateKey(stored.privateKeyPem).asymmetricKeyDetails?.modulusLength === 2048,
  ).then(({ privateKeyPem }) => {
    const privateKey = createPrivateKey(privateKeyPem);
    return { privateKey, publicKey: createPublicKey(privateKey) };
  });
  return signingKeys;
}

export class TokenService {
  readonly kid: string;
  /** Resolves once the key pair exists: signing and checking wait for it, construction does not. */
  private readonly keys: Promise<{ privateKey: KeyObject; publicKey: KeyObject }>;
  private readonly clock: SimClock;
  private readonly ids: SeededIds;

  constructor(clock: SimClock, ids: SeededIds) {
    this.clock = clock;
    this.ids = ids.fork("tokens");
    this.keys = processSigningKeys();
    this.kid = this.ids.hex(27);
  }

  issuer(tenantId: string): string {
    return `https://sts.windows.net/${tenantId}/`;
  }

  async issueAccessToken(
    claims: Omit<AccessTokenClaims, "iat" | "nbf" | "exp" | "uti" | "ver" | "iss" | "aud"> & { aud?: string },
  ): Promise<{ token: string; expiresIn: number }> {
    const iat = Math.floor(this.clock.now() / 1000);
    const payload: AccessTokenClaims = {
      ...claims,
      aud: claims.aud ?? GRAPH_AUDIENCE,
      iss: this.issuer(claims.tid),
      iat,
      nbf: iat,
      exp: iat + ACCESS_TOKEN_LIFETIME_S,
      uti: this.ids.hex(22),
      ver: "1.0",
    };
    const token = await new SignJWT({ ...payload })
      .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: this.kid })
      .sign((await this.keys).privateKey);
    return { token, expiresIn: ACCESS_TOKEN_LIFETIME_S - 1 };
  }

  async issueIdToken(claims: Record<string, unknown> & { aud: string; tid: string }): Promise<string> {
    const iat = Math.floor(this.clock.now() / 1000);
    return new SignJWT({ ...claims, ver: "2.0" })
      .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: this.kid })
      .setIssuer(`https://login.microsoftonline.com/${claims.tid}/v2.0`)
      .setIssuedAt(iat)
      .setNotBefore(iat)
      .setExpirationTime(iat + ACCESS_TOKEN_LIFETIME_S)
      .sign((await this.keys).privateKey);
  }

  /** Validates a Graph bearer token against the simulated clock. */
  async verifyAccessToken(token: string, audience: string = GRAPH_AUDIENCE): Promise<TokenCheck> {
    if (!token) return { ok: false, error: "tokenEmpty" };
    if (token.split(".").length !== 3) return { ok: false, error: "tokenMalformed" };
    try {
      const { payload } = await jwtVerify(token, (await this.keys).publicKey, {
        algorithms: ["RS256"],
        currentDate: this.clock.date(),
        clockTolerance: 0,
      });
      const claims = payload as unknown as AccessTokenClaims;
      if (claims.aud !== audience) return { ok: false, error: "tokenWrongAudience" };
      if (claims.iss !== this.issuer(claims.tid)) return { ok: false, error: "tokenInvalid" };
      return { ok: true, claims };
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired) return { ok: false, error: "tokenExpired" };
      if (e instanceof joseErrors.JWSInvalid || e instanceof joseErrors.JWTInvalid)
        return { ok: false, error: "tokenMalformed" };
      if (e instanceof SyntaxError || (e instanceof Error && /JSON|base64|decode/i.test(e.message)))
        return { ok: false, error: "tokenMalformed" };
      return { ok: false, error: "tokenInvalid" };
    }
  }
}
