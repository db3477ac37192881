import { describe, expect, it } from "vitest";
import { SimClock } from "../../simulator/clock/sim-clock.ts";
import { EVENT_DEFINITIONS, EventLog, HRESULTS } from "../../simulator/connect/events/index.ts";

const ctx = {
  cloudAnchor: "User_6f1c2a4e-1111-4a4a-8b8b-0123456789ab",
  sourceAnchorValue: "q83vEjRWeJCrze8SNFZ4kA==",
  userPrincipalName: "alice@contoso.com",
};

describe("Connect event log", () => {
  it("renders 33004 in the real shape (TrackingId, Reason with hr=, Context, Details)", () => {
    const log = new EventLog(new SimClock());
    const e = log.write(33004, { trackingId: "t-1", hr: "80230626", context: ctx });
    expect(e).toMatchObject({
      id: 33004,
      source: "PasswordResetService",
      level: "Error",
      name: "ADPermissionsError",
    });
    expect(e.text).toBe(
      "TrackingId: t-1, Reason: Synchronization Engine returned an error hr=80230626, message=The password could not be updated because the management agent credentials were denied access., Context: cloudAnchor: User_6f1c2a4e-1111-4a4a-8b8b-0123456789ab, SourceAnchorValue: q83vEjRWeJCrze8SNFZ4kA==, UserPrincipalName: alice@contoso.com, Details: Microsoft.CredentialManagement.OnPremisesPasswordReset.Shared.PasswordResetException: The password could not be updated because the management agent credentials were denied access.",
    );
  });

  it("renders ADSync 6329 with the BAIL line for each hr, the product string inside the quotes ([C7])", () => {
    const log = new EventLog(new SimClock());
    expect(log.write(6329, { hr: "80230626" }).text).toBe(
      'An unexpected error has occurred during a password set operation. \r\n "BAIL: MMS(5716): ..\\server.cpp(11139): 0x80230626 (The password could not be updated because the management agent credentials were denied access.)\r\nMicrosoft Entra Connect Sync 2.4.129.0"',
    );
    expect(log.write(6329, { hr: "80230405" }).text).toContain("No password writeback targets found.");
    expect(log.write(6329, { hr: "8023062C" }).text).toContain(
      "a 128 bit TLS or SSL connection is required.",
    );
    expect(
      log.write(6329, {
        reason:
          "MMS(3040): admaexport.cpp(2837): The server doesn't contain the LDAP password policy control.",
      }).text,
    ).toContain("The server doesn't contain the LDAP password policy control.");
    for (const h of HRESULTS) expect(h.message.length).toBeGreaterThan(10);
  });

  it("has the documented fixed texts for 31044 (with its TrackingId), 6800 (with the stack trace lines), 32002 and 32009", () => {
    const log = new EventLog(new SimClock());
    expect(log.write(31044, { trackingId: "3f369fe9-c121-4450-8661-82b095bdbf0a" }).text).toBe(
      "TrackingId: 3f369fe9-c121-4450-8661-82b095bdbf0a, Password writeback service is not in a healthy state. No serviceHost for service bus endpoints are in running state. Please refer aka.ms/ssprtroubleshoot, Details: Version: 5.0.0.686",
    );
    expect(log.write(6800).text).toBe(
      'The password management extension encountered an error.\r\n The stack trace is:\r\n ""Couldn\'t connect to any service bus endpoint(s)',
    );
    expect(log.write(32002, { trackingId: "x" }).text).toContain(
      "Error Connecting to ServiceBus. The token provider was unable to provide a security token.",
    );
    expect(log.write(32009, { trackingId: "x" }).text).toContain("Error getting auth token.");
    expect(log.write(31009, { trackingId: "x", upn: "alice@contoso.com" }).text).toBe(
      "TrackingId: x, ResetUserPasswordByAdminStart, Details: alice@contoso.com",
    );
  });

  it("catalogues every event ID the writeback procedure needs", () => {
    const ids = new Set(EVENT_DEFINITIONS.map((d) => d.id));
    for (const id of [
      31001, 31002, 31003, 31004, 31005, 31006, 31007, 31008, 31009, 31010, 31011, 31012, 31013, 31015, 31017,
      31018, 31044, 32002, 32009, 33001, 33002, 33003, 33004, 33005, 33006, 33007, 33008, 33009, 6329,
    ]) {
      expect(ids.has(id), `event ${id}`).toBe(true);
    }
  });

  it("queries by source, id, time and bookmark", () => {
    const clock = new SimClock();
    const log = new EventLog(clock);
    log.write(31015);
    const mark = log.lastRecordId();
    clock.advance(60_000);
    log.write(31001, { trackingId: "a", upn: "alice@contoso.com" });
    log.write(6329, { hr: "80230626" });
    expect(log.query({ source: "ADSync" }).map((e) => e.id)).toEqual([6329]);
    expect(log.query({ id: 31015 })).toHaveLength(1);
    expect(log.query({ since: clock.now() })).toHaveLength(2);
    expect(log.query({ afterRecord: mark }).map((e) => e.id)).toEqual([31001, 6329]);
    expect(log.query({ trackingId: "a" }).map((e) => e.id)).toEqual([31001]);
    expect(() => log.write(99999)).toThrow(/no event 99999/);
  });
});
