/**
 * GitHub fine-grained permissions (`{"contents": "write", …}`), shared by
 * PAT grants and app installations: flattened into scopes
 * (`repository:contents:write`) and rated. Privileged means an
 * administration-class permission with write/admin access: administration,
 * organization_administration, members, secrets, organization_secrets,
 * organization_hooks, organization_user_blocking — the ones that let an
 * identity change who can do what, or read every secret.
 */

const ADMIN_CLASS = new Set([
  'administration',
  'organization_administration',
  'members',
  'secrets',
  'organization_secrets',
  'organization_hooks',
  'organization_user_blocking',
]);

/** Scopes and privilege of a set of permission groups (`{organization: {…}, repository: {…}}` or a flat object). */
export interface GithubPrivilege {
  scopes: string[];
  privileged: boolean;
  privilegeSummary: string | null;
}

/** Rates permissions; `groups` maps a group name ('' for a flat object) to `{permission: level}`. */
export function rateGithubPermissions(
  groups: Record<string, Record<string, string>>,
  repositorySelection: string | null,
): GithubPrivilege {
  const scopes: string[] = [];
  const admin: string[] = [];
  const write: string[] = [];
  for (const [group, perms] of Object.entries(groups)) {
    for (const [perm, level] of Object.entries(perms)) {
      const scope = group === '' ? `${perm}:${level}` : `${group}:${perm}:${level}`;
      scopes.push(scope);
      if (level === 'write' || level === 'admin') {
        (ADMIN_CLASS.has(perm) ? admin : write).push(
          group === '' || group === 'repository' ? perm : `${group} ${perm}`,
        );
      }
    }
  }
  const where =
    repositorySelection === 'all'
      ? ' on all repositories'
      : repositorySelection === 'none'
        ? ''
        : ' on selected repositories';
  const parts: string[] = [];
  if (admin.length > 0) parts.push(`admin: ${admin.join(', ')}`);
  if (write.length > 0) parts.push(`write: ${write.join(', ')}`);
  return {
    scopes: scopes.sort(),
    privileged: admin.length > 0,
    privilegeSummary:
      parts.length > 0 ? `${parts.join('; ')}${where}` : scopes.length > 0 ? `read-only${where}` : null,
  };
}

/** `org/repo` from a GitHub API or web URL (`…/repos/org/repo/keys/1`, `https://github.com/org/repo/blob/…`). */
export function repositoryFromUrl(url: string | null): string | null {
  if (!url) return null;
  const api = /\/repos\/([^/]+\/[^/]+)(?:\/|$)/.exec(url);
  if (api?.[1]) return api[1];
  const web = /^https?:\/\/[^/]+\/([^/]+\/[^/]+?)(?:\.git)?(?:\/|$)/.exec(url);
  return web?.[1] ?? null;
}

/**
 * PAT permission groups flattened to installation-style names: repository
 * permissions as they are, organization ones prefixed `organization_` unless
 * GitHub already names them so (`members`, `organization_hooks`), others as they are.
 */
export function flatPermissions(groups: Record<string, Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [group, perms] of Object.entries(groups)) {
    for (const [perm, level] of Object.entries(perms)) {
      const name =
        group === 'organization' && perm !== 'members' && !perm.startsWith('organization_')
          ? `organization_${perm}`
          : perm;
      out[name] = level;
    }
  }
  return out;
}
