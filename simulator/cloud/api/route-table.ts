/** Every route of the simulated Entra ID, in one table both adapters register. */
import { GRAPH_ROUTES } from "./routes/graph.ts";
import { RELAY_ROUTES } from "./routes/relay.ts";
import { SIM_CONTROL_ROUTES, SIM_ROUTES } from "./routes/sim.ts";
import { SSPR_ROUTES } from "./routes/sspr.ts";
import { TOKEN_ROUTES } from "./routes/token.ts";
import type { CloudRoute } from "./types.ts";

export const CLOUD_ROUTES: readonly CloudRoute[] = [
  ...TOKEN_ROUTES,
  ...GRAPH_ROUTES,
  ...SSPR_ROUTES,
  ...RELAY_ROUTES,
  ...SIM_ROUTES,
  ...SIM_CONTROL_ROUTES,
];
