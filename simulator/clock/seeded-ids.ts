/**
 * Deterministic ids for domain code: GUIDs, request ids and random-looking numbers all come from a
 * seeded generator (sfc32), never from Math.random or crypto.randomUUID, so a transcript replays
 * byte for byte. Cryptographic material (TLS keys, JWT signing keys, password salts) is the one
 * exception and must never appear in a transcript.
 */
export class SeededIds {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string | number = "writeback-sim") {
    // xmur3 string hash to seed sfc32.
    const s = String(seed);
    let h = 1779033703 ^ s.length;
    for (let i = 0; i < s.length; i++) {
      h = Math.imul(h ^ s.charCodeAt(i), 3432918353);
      h = (h << 13) | (h >>> 19);
    }
    const next = () => {
      h = Math.imul(h ^ (h >>> 16), 2246822507);
      h = Math.imul(h ^ (h >>> 13), 3266489909);
      h ^= h >>> 16;
      return h >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [min, max]. */
  nextInt(min: number, max: number): number {
    return min + Math.floor(this.nextFloat() * (max - min + 1));
  }

  /** A version-4 style GUID string, lowercase. */
  guid(): string {
    const hex = Array.from({ length: 4 }, () => this.nextUint32().toString(16).padStart(8, "0")).join("");
    const v = `${hex.slice(0, 12)}4${hex.slice(13, 16)}${((Number.parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 32)}`;
    return `${v.slice(0, 8)}-${v.slice(8, 12)}-${v.slice(12, 16)}-${v.slice(16, 20)}-${v.slice(20, 32)}`;
  }

  /** `n` lowercase hex characters. */
  hex(n: number): string {
    let out = "";
    while (out.length < n) out += this.nextUint32().toString(16).padStart(8, "0");
    return out.slice(0, n);
  }

  /** A child generator with its own stream, so adding ids in one area doesn't shift another's. */
  fork(label: string): SeededIds {
    return new SeededIds(`${this.nextUint32()}:${label}`);
  }
}
