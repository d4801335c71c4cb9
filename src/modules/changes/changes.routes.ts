import { z } from 'zod';
import { type App, actorOfRequest, orgOf } from '../../platform/http/app.js';
import { pageInMemory, pageQuerySchema, pageSchema } from '../../platform/http/pagination.js';
import { withUpload } from '../../platform/http/uploads.js';
import { importChangesUpload } from './changes.import.js';
import {
  changeDetailSchema,
  changeImportResultSchema,
  changeListQuerySchema,
  changeRepositorySchema,
  changeViewSchema,
  releaseViewSchema,
} from './changes.schema.js';
import { getChange, listChangeRepositories, listChanges, listReleases } from './changes.service.js';

const orgParams = z.object({ org: z.string().min(1).max(100) });
const tags = ['changes'];

/** `/api/v1/orgs/:org/changes`, `/releases`: change management tied to production releases. */
export async function changeRoutes(app: App): Promise<void> {
  const { database, blobs, config } = app.deps;
  const stores = { database, blobs };

  app.route({
    method: 'GET',
    url: '/orgs/:org/releases',
    config: { policy: { concept: 'change', action: 'read' } },
    schema: {
      tags,
      operationId: 'listReleases',
      summary: 'Production releases, newest first, each with its changes and their approval status',
      params: orgParams,
      querystring: pageQuerySchema.extend(changeListQuerySchema.shape),
      response: { 200: pageSchema(releaseViewSchema) },
    },
    handler: async (request) => {
      const { repository, from, to } = request.query;
      return pageInMemory(
        await listReleases(database, orgOf(request).id, { repository, from, to }),
        request.query,
      );
    },
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/changes',
    config: { policy: { concept: 'change', action: 'read' } },
    schema: {
      tags,
      operationId: 'listChanges',
      summary: 'Changes (merged pull requests, direct pushes), newest first, with their open rule findings',
      params: orgParams,
      querystring: pageQuerySchema.extend(changeListQuerySchema.shape),
      response: { 200: pageSchema(changeViewSchema) },
    },
    handler: async (request) => {
      const { repository, from, to } = request.query;
      return pageInMemory(
        await listChanges(database, orgOf(request).id, { repository, from, to }),
        request.query,
      );
    },
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/changes/repositories',
    config: { policy: { concept: 'change', action: 'read' } },
    schema: {
      tags,
      operationId: 'listChangeRepositories',
      summary: 'Repositories whose changes are imported, with their settings',
      params: orgParams,
      response: { 200: z.array(changeRepositorySchema) },
    },
    handler: async (request) => listChangeRepositories(database, orgOf(request).id),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/changes/imports',
    config: {
      policy: { concept: 'change', action: 'import' },
      raises: { import_failed: 'a record of the file is bad (file, line, JSON path)' },
    },
    schema: {
      tags,
      operationId: 'importChanges',
      summary:
        'Import one export file of a repository (git-log.tsv, deployments.json, commits.json, releases.json); all or nothing',
      params: orgParams,
      consumes: ['multipart/form-data'],
      response: { 200: changeImportResultSchema, 201: changeImportResultSchema },
    },
    handler: async (request, reply) => {
      const result = await withUpload(
        request,
        {
          fallbackName: 'export',
          maxBytes: config.maxUploadBytes,
          expects:
            'the export file as multipart/form-data: optionally the fields "repository", "defaultBranch", "productionEnv", "emergencyLabel", "retroDays", then the "file" part',
        },
        ({ fields, input, fileName }) =>
          importChangesUpload(stores, actorOfRequest(request), orgOf(request).id, {
            fileName,
            input,
            fields,
            maxBytes: config.maxUploadBytes,
          }),
      );
      return reply.code(result.status === 'unchanged' ? 200 : 201).send(result);
    },
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/changes/:changeId',
    config: { policy: { concept: 'change', action: 'read' } },
    schema: {
      tags,
      operationId: 'getChange',
      summary: 'One change with its reviews, checks, release and rule findings',
      params: orgParams.extend({ changeId: z.string().min(4).max(64) }),
      response: { 200: changeDetailSchema },
    },
    handler: async (request) => getChange(database, orgOf(request).id, request.params.changeId),
  });
}
