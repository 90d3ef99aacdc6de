/** The graph operations' inputs, shaped like the reference MCP knowledge-graph memory server's tools, plus user and agent. */
import { z } from "zod";
import { idSchema } from "../core/schemas.js";

const name = z.string().trim().min(1, "must be a non-empty string").max(512);
const scopeId = idSchema;

/** Who the graph belongs to: every graph call may name a user and an agent (the tenant comes from the key). */
export const graphScopeShape = {
  user: scopeId.optional().describe("whose graph (default: the tenant's shared graph)"),
  agent: scopeId.optional().describe("which agent's graph"),
};

const entity = z.strictObject({
  name: name.describe("The name of the entity"),
  entityType: name.describe("The type of the entity"),
  observations: z
    .array(z.string().trim().min(1).max(10_000))
    .default([])
    .describe("An array of observation contents associated with the entity"),
});

const relation = z.strictObject({
  from: name.describe("The name of the entity where the relation starts"),
  to: name.describe("The name of the entity where the relation ends"),
  relationType: name.describe("The type of the relation"),
});

export const graphInputShapes = {
  createEntities: { entities: z.array(entity).min(1).max(1000), ...graphScopeShape },
  createRelations: { relations: z.array(relation).min(1).max(1000), ...graphScopeShape },
  addObservations: {
    observations: z
      .array(
        z.strictObject({
          entityName: name.describe("The name of the entity to add the observations to"),
          contents: z.array(z.string().trim().min(1).max(10_000)).min(1).describe("Observations to add"),
        }),
      )
      .min(1)
      .max(1000),
    ...graphScopeShape,
  },
  deleteEntities: {
    entityNames: z.array(name).min(1).max(1000).describe("An array of entity names to delete"),
    ...graphScopeShape,
  },
  deleteObservations: {
    deletions: z
      .array(
        z.strictObject({
          entityName: name.describe("The name of the entity containing the observations"),
          observations: z.array(z.string().min(1)).min(1).describe("An array of observations to delete"),
        }),
      )
      .min(1)
      .max(1000),
    ...graphScopeShape,
  },
  deleteRelations: {
    relations: z.array(relation).min(1).max(1000).describe("An array of relations to delete"),
    ...graphScopeShape,
  },
  readGraph: { ...graphScopeShape },
  searchNodes: {
    query: z
      .string()
      .trim()
      .min(1)
      .max(10_000)
      .describe("The search query to match against entity names, types, and observation content"),
    ...graphScopeShape,
  },
  openNodes: {
    names: z.array(name).min(1).max(1000).describe("An array of entity names to retrieve"),
    ...graphScopeShape,
  },
  neighbours: {
    name: name.describe("The entity at the centre"),
    depth: z.union([z.literal(1), z.literal(2)]).default(1),
    ...graphScopeShape,
  },
} as const;

/** The same inputs as strict object schemas, for HTTP bodies and the OpenAPI document. */
export const graphInputSchemas = {
  createEntities: z.strictObject(graphInputShapes.createEntities),
  createRelations: z.strictObject(graphInputShapes.createRelations),
  addObservations: z.strictObject(graphInputShapes.addObservations),
  deleteEntities: z.strictObject(graphInputShapes.deleteEntities),
  deleteObservations: z.strictObject(graphInputShapes.deleteObservations),
  deleteRelations: z.strictObject(graphInputShapes.deleteRelations),
  readGraph: z.strictObject(graphInputShapes.readGraph),
  searchNodes: z.strictObject(graphInputShapes.searchNodes),
  openNodes: z.strictObject(graphInputShapes.openNodes),
  neighbours: z.strictObject(graphInputShapes.neighbours),
};
