import { z } from 'zod';
import type { Clock } from '../../platform/clock.js';
import { type App, actorOfRequest, orgOf } from '../../platform/http/app.js';
import {
  githubAccountSchema,
  githubConnectionInputSchema,
  githubConnectionSchema,
} from './connectors.schema.js';
import { getGithubConnections, putGithubConnection, removeGithubConnection } from './connectors.service.js';

const orgParams = z.object({ org: z.string().min(1).max(100) });
const accountParams = orgParams.extend({ account: githubAccountSchema });
const tags = ['connectors'];

/** `/api/v1/orgs/:org/connectors/github`: the GitHub connections the weekly run collects (docs/decisions/0033). */
export async function connectorRoutes(app: App): Promise<void> {
  const { database, config } = app.deps;
  const clock: Clock = { now: () => new Date(config.auth.now()) };

  app.route({
    method: 'GET',
    url: '/orgs/:org/connectors/github',
    config: { policy: { concept: 'cadence', action: 'read' } },
    schema: {
      tags,
      operationId: 'listGithubConnections',
      summary:
        'The GitHub organizations the weekly run collects, and each one’s last collection (never the token)',
      params: orgParams,
      response: { 200: z.array(githubConnectionSchema) },
    },
    handler: async (request) => getGithubConnections(database, orgOf(request).id),
  });

  app.route({
    method: 'PUT',
    url: '/orgs/:org/connectors/github/:account',
    config: {
      policy: { concept: 'cadence', action: 'configure' },
      raises: { unavailable: 'no secret key is configured to seal the token with' },
    },
    schema: {
      tags,
      operationId: 'putGithubConnection',
      summary: 'Connect a GitHub organization, or change its repositories or token (stored sealed)',
      params: accountParams,
      body: githubConnectionInputSchema,
      response: { 200: githubConnectionSchema },
    },
    handler: async (request) =>
      putGithubConnection(
        database,
        actorOfRequest(request),
        orgOf(request).id,
        request.params.account,
        request.body,
        { secretBox: config.secretBox, clock },
      ),
  });

  app.route({
    method: 'DELETE',
    url: '/orgs/:org/connectors/github/:account',
    config: {
      policy: { concept: 'cadence', action: 'configure' },
      raises: { not_found: 'no connection to this GitHub organization' },
    },
    schema: {
      tags,
      operationId: 'removeGithubConnection',
      summary: 'Disconnect a GitHub organization (what it collected stays)',
      params: accountParams,
      response: { 204: z.null() },
    },
    handler: async (request, reply) => {
      await removeGithubConnection(
        database,
        actorOfRequest(request),
        orgOf(request).id,
        request.params.account,
      );
      return reply.code(204).send(null);
    },
  });
}
