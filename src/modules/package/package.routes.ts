import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import { type App, orgOf } from '../../platform/http/app.js';
import { attachmentDisposition } from '../../platform/http/content-disposition.js';
import { packageParamsSchema, packageQuerySchema } from './package.schema.js';
import { preparePackage } from './package.service.js';
import { DEFAULT_REQUEST_SOURCE } from './package-sources.js';

const binary = z.unknown().meta({ type: 'string', format: 'binary' });

/** `/api/v1/orgs/:org/engagements/:engagementId/package`: the signed evidence package, streamed. */
export async function packageRoutes(app: App): Promise<void> {
  const { database, blobs, config } = app.deps;

  app.route({
    method: 'GET',
    url: '/orgs/:org/engagements/:engagementId/package',
    config: {
      policy: { concept: 'package', action: 'export' },
      raises: {
        not_found: 'no such engagement, in-scope control or request',
        invalid_input: 'both a control and a request were asked for',
        integrity_failed: 'the activity log does not verify, so no checkpoint can be signed',
        unavailable: 'the server has no signing key',
      },
    },
    schema: {
      tags: ['package'],
      operationId: 'downloadEvidencePackage',
      summary: 'The signed evidence package of an engagement (ZIP, streamed, with Content-Length)',
      description:
        'The evidence an auditor of the engagement sees (in-scope controls, effective period in the audit period), by control and by request, with manifest.json, SHA256SUMS, its Ed25519 signature and public key, requests.json, a checkpoint of the activity log signed now, index.html and README.txt. Check it with `auditready verify PACKAGE.zip`, `sha256sum -c` and `openssl pkeyutl -verify`.',
      params: packageParamsSchema,
      querystring: packageQuerySchema,
      response: {
        200: {
          description: 'The package as an attachment',
          content: { 'application/zip': { schema: binary } },
        },
      },
    },
    handler: async (request, reply) => {
      const org = orgOf(request);
      if (!config.signer) throw new AppError('unavailable', 'this server has no signing key for packages');
      const { control, request: requestId } = request.query;
      const prepared = await preparePackage(
        { database, blobs },
        config.signer,
        org.id,
        request.params.engagementId,
        { controlCode: control, requestId },
        { requests: DEFAULT_REQUEST_SOURCE },
      );
      const stream = prepared.open();
      stream.on('error', (err) => request.log.error({ err }, 'evidence package stream failed'));
      return reply
        .type('application/zip')
        .header('content-length', prepared.size)
        .header('content-disposition', attachmentDisposition(prepared.fileName))
        .send(stream);
    },
  });
}
