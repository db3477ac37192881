/**
 * What a personality's catalogue produces: an LDAP result (code, diagnostic message, matched DN) and
 * the error that carries one with its catalogue key. They sit below the directory so the catalogues
 * (this folder) need nothing from the directory, and the directory, the wire and the clients all
 * share one definition.
 */

/** An LDAP result code and diagnostic message, exactly as the personality's catalogue spells it. */
export interface LdapResult {
  resultCode: number;
  diagnosticMessage: string;
  matchedDN: string;
}

/** Any operation failure. The LDAP adapter turns it into the response PDU unchanged. */
export class DirectoryError extends Error {
  readonly resultCode: number;
  readonly diagnosticMessage: string;
  readonly matchedDN: string;
  /** Catalogue key the message came from (e.g. "INSUFF_ACCESS_RIGHTS"), for tests and transcripts. */
  readonly key: string;

  constructor(key: string, resultCode: number, diagnosticMessage: string, matchedDN = "") {
    super(diagnosticMessage || key);
    this.name = "DirectoryError";
    this.key = key;
    this.resultCode = resultCode;
    this.diagnosticMessage = diagnosticMessage;
    this.matchedDN = matchedDN;
  }

  toResult(): LdapResult {
    return {
      resultCode: this.resultCode,
      diagnosticMessage: this.diagnosticMessage,
      matchedDN: this.matchedDN,
    };
  }
}

/** Messages the wire layer emits itself (not produced by a directory operation), per personality. */
export interface ProtocolErrorCatalogue {
  /** SASL mechanism we do not implement → authMethodNotSupported (7). */
  saslNotSupported(mechanism: string): LdapResult;
  /** Operation that needs a bind on an anonymous connection (AD: 000004DC … "a successful bind must be completed"). */
  bindRequired(operation: string): LdapResult;
  /** Unknown critical control → unavailableCriticalExtension (12). */
  unavailableCriticalExtension(oid: string): LdapResult;
  /** Malformed PDU → protocolError (2). */
  protocolError(detail: string): LdapResult;
  /** StartTLS when TLS is already active, or not configured. */
  startTlsRefused(reason: string): LdapResult;
  /** Unsupported extended operation. */
  unsupportedExtendedOperation(oid: string): LdapResult;
  /**
   * A limit refuses the request or the connection (MaxConnections, MaxNotificationPerConn, the
   * process's receive budget): busy (51), as KB 315071 says of MaxNotificationPerConn.
   */
  busy(detail: string): LdapResult;
  /** MaxConnIdleTime / InitRecvTimeout reached: the Notice of Disconnection's result (KB 315071). */
  idleTimeout(): LdapResult;
  /** A paged-results cookie the server no longer holds ("How LDAP server cookies are handled"). */
  pagedCookieInvalid(): LdapResult;
}
