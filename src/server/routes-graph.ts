/** The knowledge graph's routes (/v1/graph…): the reference MCP memory server's operations, within the caller's tenant. */
import type { Context, Hono } from "hono";
import { parseInput } from "../core/validate.js";
import type { Principal } from "./auth.js";
import { graphQuerySchema } from "./http-schemas.js";
import { queryParams, readJson } from "./request-input.js";
import type { TenantView } from "./tenant-view.js";

type GraphEnv = { Variables: { principal: Principal; view: TenantView } };

export function registerGraphRoutes(app: Hono<GraphEnv>): void {
  const graphQuery = (c: Context<GraphEnv>) => parseInput(graphQuerySchema, queryParams(c), "query");
  app.get("/v1/graph", async (c) => {
    const { user, agent } = graphQuery(c);
    return c.json(await c.var.view.graph.readGraph({ user, agent }));
  });
  app.get("/v1/graph/search", async (c) => {
    const { user, agent, query } = graphQuery(c);
    return c.json(await c.var.view.graph.searchNodes({ user, agent, query }));
  });
  app.get("/v1/graph/neighbours", async (c) => {
    const { user, agent, name, depth } = graphQuery(c);
    return c.json(await c.var.view.graph.neighbours({ user, agent, name, depth }));
  });
  app.post("/v1/graph/entities", async (c) =>
    c.json(await c.var.view.graph.createEntities(await readJson(c)), 201),
  );
  app.post("/v1/graph/relations", async (c) =>
    c.json(await c.var.view.graph.createRelations(await readJson(c)), 201),
  );
  app.post("/v1/graph/observations", async (c) =>
    c.json(await c.var.view.graph.addObservations(await readJson(c)), 201),
  );
  app.post("/v1/graph/entities/delete", async (c) =>
    c.json(await c.var.view.graph.deleteEntities(await readJson(c))),
  );
  app.post("/v1/graph/relations/delete", async (c) =>
    c.json(await c.var.view.graph.deleteRelations(await readJson(c))),
  );
  app.post("/v1/graph/observations/delete", async (c) =>
    c.json(await c.var.view.graph.deleteObservations(await readJson(c))),
  );
  app.post("/v1/graph/open", async (c) => c.json(await c.var.view.graph.openNodes(await readJson(c))));
}
