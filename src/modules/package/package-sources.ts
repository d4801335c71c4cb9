import type { PackageRequest, PackageThreadEntry } from '../../core/package/manifest.js';
import type { Database } from '../../platform/db/database.js';
import { requestsForPackage } from '../requests/request.package.js';

export type { PackageRequest, PackageThreadEntry };

/**
 * Where the package reads an engagement's requests and their threads from
 * (the requests module's `requestsForPackage`, src/modules/requests/request.package.ts).
 * `filter.requestId` narrows to one request (by id or reference).
 */
export type PackageRequestSource = (
  db: Database,
  orgId: string,
  engagementId: string,
  filter: { requestId?: string },
) => AsyncIterable<PackageRequest>;

/** The request source the CLI and the API give the package builder: the engagement's requests and threads. */
export const DEFAULT_REQUEST_SOURCE: PackageRequestSource | undefined = requestsForPackage;
