/** The simulated Azure AD Connect server: event log, writeback agent, server state, wizard. */
export * from "./agent/index.ts";
export * from "./events/index.ts";
export * from "./server/connect-server.ts";
export * from "./server/express-account.ts";
export * from "./server/sync-engine.ts";
export * from "./wizard/configuration-wizard.ts";
export * from "./wizard/procedures.ts";
export * from "./wizard/wizard-messages.ts";
