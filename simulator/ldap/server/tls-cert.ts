/**
 * The certificate LDAPS and StartTLS present when the caller supplies none: self-signed,
 * CN=dc1.contoso.com with SANs dc1.contoso.com, localhost and 127.0.0.1 (clients run with
 * LDAPTLS_REQCERT=never / CERT_NONE, as against the real lab DC). Generated once and kept in the
 * key cache (keys/key-cache.ts) until a week before it expires, so processes start fast. Validity
 * uses the wall clock: TLS handshakes are checked against it.
 */

import { X509Certificate } from "node:crypto";
import { cachedKeyMaterial } from "../../keys/key-cache.ts";

export interface TlsMaterial {
  cert: string;
  key: string;
}

let cached: Promise<TlsMaterial> | undefined;

/** Bump when generateCert's subject, names or key change, so a cached certificate is not reused. */
const CACHE_NAME = "ldaps-default-v1";
/** A cached certificate is replaced when it has less than this left. */
const MIN_REMAINING_MS = 7 * 24 * 3600 * 1000;

function stillValid(m: TlsMaterial): boolean {
  const cert = new X509Certificate(m.cert);
  return Date.parse(cert.validTo) - Date.now() > MIN_REMAINING_MS && Date.parse(cert.validFrom) <= Date.now();
}

export function defaultTlsMaterial(): Promise<TlsMaterial> {
  cached ??= cachedKeyMaterial(CACHE_NAME, generateCert, stillValid).catch((err: unknown) => {
    cached = undefined;
    throw err;
  });
  return cached;
}

async function generateCert(): Promise<TlsMaterial> {
  // Real time on purpose: clients check the certificate's validity against their own clock, not the
  // simulated one, and the certificate never appears in a transcript.
  const notBeforeDate = new Date(Date.now() - 24 * 3600 * 1000);
  const notAfterDate = new Date(Date.now() + 365 * 24 * 3600 * 1000);
  // selfsigned (and the x509 stack under it) loads only when a certificate is made.
  const { generate } = await import("selfsigned");
  const pems = await generate([{ name: "commonName", value: "dc1.contoso.com" }], {
    keyType: "rsa",
    keySize: 2048,
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "dc1.contoso.com" },
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
        ],
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}
