import { z } from 'zod';
import { PERSON_STATUSES } from '../../core/vocabulary.js';
import { CSV_DELIMITERS, csvDelimiterQuerySchema } from '../../importers/csv/read-csv.js';
import { type App, actorOfRequest, orgOf } from '../../platform/http/app.js';
import { decodeCursor, pageQuerySchema, pageSchema, toPage } from '../../platform/http/pagination.js';
import { withUpload } from '../../platform/http/uploads.js';
import { emailSchema, isoDateSchema, personSchema, rosterImportResultSchema } from './person.schema.js';
import { importRoster } from './person.service.js';
import { createPerson, editPerson, listPeoplePage } from './person-edit.service.js';

const personBodySchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1).max(200),
  team: z.string().trim().max(200).nullable().optional(),
  managerEmail: emailSchema.nullable().optional(),
  status: z.enum(PERSON_STATUSES).optional(),
  departedOn: isoDateSchema.nullable().optional(),
});
const orgParams = z.object({ org: z.string().min(1).max(100) });
const tags = ['people'];

/** `/api/v1/orgs/:org/people`: the roster. */
export async function personRoutes(app: App): Promise<void> {
  const { database, config } = app.deps;

  app.route({
    method: 'GET',
    url: '/orgs/:org/people',
    config: { policy: { concept: 'person', action: 'read' } },
    schema: {
      tags,
      operationId: 'listPeople',
      summary: 'The roster, by e-mail',
      params: orgParams,
      querystring: pageQuerySchema.extend({
        status: z.enum(PERSON_STATUSES).optional(),
        team: z.string().max(200).optional(),
        q: z.string().max(200).optional().describe('search in e-mail and name'),
      }),
      response: { 200: pageSchema(personSchema) },
    },
    handler: async (request) => {
      const { limit, cursor, status, team, q } = request.query;
      const after = decodeCursor(cursor, z.string());
      const rows = await listPeoplePage(
        database,
        orgOf(request).id,
        { status, team, search: q },
        { after, limit: limit + 1 },
      );
      return toPage(rows, limit, (p) => p.email);
    },
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/people',
    config: {
      policy: { concept: 'person', action: 'create' },
      raises: { conflict: 'the e-mail is already in the roster' },
    },
    schema: {
      tags,
      operationId: 'createPerson',
      summary: 'Add a person',
      params: orgParams,
      body: personBodySchema,
      response: { 201: personSchema },
    },
    handler: async (request, reply) => {
      const person = await createPerson(database, actorOfRequest(request), orgOf(request).id, request.body);
      return reply.code(201).send(person);
    },
  });

  app.route({
    method: 'PATCH',
    url: '/orgs/:org/people/:personId',
    config: {
      policy: { concept: 'person', action: 'update' },
      raises: { conflict: 'the e-mail is already in the roster' },
    },
    schema: {
      tags,
      operationId: 'updatePerson',
      summary: 'Change a person (not their e-mail)',
      params: orgParams.extend({ personId: z.string().min(1).max(64) }),
      body: personBodySchema.omit({ email: true }).partial(),
      response: { 200: personSchema },
    },
    handler: async (request) =>
      editPerson(database, actorOfRequest(request), orgOf(request).id, request.params.personId, request.body),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/people/import',
    config: {
      policy: { concept: 'person', action: 'import' },
      multipartFile: 'file',
      raises: {
        import_failed: 'a row is invalid (file, line, column and reason in details); nothing is written',
      },
    },
    schema: {
      tags,
      operationId: 'importRoster',
      summary:
        'Import an HR roster CSV (email, name, team, manager_email, status, departed_on), all or nothing',
      params: orgParams,
      querystring: z.object({
        delimiter: csvDelimiterQuerySchema,
      }),
      response: { 200: rosterImportResultSchema },
    },
    handler: async (request) =>
      withUpload(request, { fallbackName: 'roster.csv', maxBytes: config.maxUploadBytes }, (upload) =>
        importRoster(database, actorOfRequest(request), orgOf(request).id, {
          file: upload.fileName,
          input: upload.input,
          delimiter: CSV_DELIMITERS[request.query.delimiter],
        }),
      ),
  });
}
