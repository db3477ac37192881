/**
 * `import … from "writeback-sim/msw"`: the mock Entra ID as msw request handlers at Microsoft's real
 * hostnames, for a tool under test that calls login.microsoftonline.com, graph.microsoft.com or
 * passwordreset.microsoftonline.com in-process (msw is a peer dependency).
 *
 *   const { cloud } = createContosoCloud();              // or env.cloud of an Environment
 *   const server = setupServer(...createCloudHandlers(cloud));
 *
 * With an Environment, env.mswHandlers() gives the same handlers over that environment's cloud.
 */
export {
  Cloud,
  type CloudOptions,
  CONTOSO_INITIAL_DOMAIN,
  CONTOSO_TENANT_ID,
  CONTOSO_VERIFIED_DOMAIN,
  createCloudHandlers,
  createContosoCloud,
  REAL_HOSTS,
  type Tenant,
  WBSIM_PUBLIC_CLIENT_ID,
} from "../simulator/cloud/index.ts";
