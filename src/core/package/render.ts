import { PACKAGE_FILES, type PackageManifest, type PackageRequest } from './manifest.js';

/** Text safe inside HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** A relative link to a file of the package: each segment percent-encoded. */
function href(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1a1b1e}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.meta{color:#555}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e3e3e3;vertical-align:top}
th{background:#f4f5f7;position:sticky;top:0}code{font-size:12px;word-break:break-all}
input{padding:6px 8px;width:320px;margin:8px 0}.thread{margin:4px 0 0 12px;color:#333}.tag{display:inline-block;padding:0 6px;border-radius:8px;background:#eef}`;

// Filters the tables' rows by the text typed; no request leaves the page.
const SCRIPT = `document.getElementById('q').addEventListener('input',function(e){var q=e.target.value.toLowerCase();
document.querySelectorAll('tr[data-row]').forEach(function(r){r.hidden=q!==''&&r.textContent.toLowerCase().indexOf(q)<0;});});`;

/**
 * `index.html`: the package browsed offline, built from the manifest at
 * export time. Inline style and script only, no network request (the
 * Content-Security-Policy meta forbids any); files link relatively.
 */
export function renderIndexHtml(manifest: PackageManifest, requests: readonly PackageRequest[]): string {
  const e = manifest.engagement;
  const fileRows = manifest.files
    .map(
      (
        f,
      ) => `<tr data-row><td>${escapeHtml(f.control)}</td><td>${escapeHtml(f.requirement)}</td><td>${escapeHtml(f.request ?? '')}</td>
<td><a href="${escapeHtml(href(f.path))}">${escapeHtml(f.path.split('/').at(-1) ?? f.path)}</a></td>
<td>${escapeHtml(f.effectivePeriod.start)} – ${escapeHtml(f.effectivePeriod.end)}</td><td>${escapeHtml(f.sourceType)}</td>
<td>${escapeHtml(f.collectedBy)}</td><td>${escapeHtml(f.reviewedBy ? `${f.reviewedBy.decision} by ${f.reviewedBy.reviewer}` : f.reviewState)}</td>
<td>${humanSize(f.size)}</td><td><code>${f.sha256}</code></td></tr>`,
    )
    .join('\n');
  const linkRows = manifest.links
    .map(
      (l) => `<tr data-row><td>${escapeHtml(l.control)}</td><td>${escapeHtml(l.requirement)}</td>
<td>${escapeHtml(l.url)}</td><td>${escapeHtml(l.effectivePeriod.start)} – ${escapeHtml(l.effectivePeriod.end)}</td><td>${escapeHtml(l.collectedBy)}</td></tr>`,
    )
    .join('\n');
  const requestRows = requests
    .map((r) => {
      const thread = r.thread
        .map(
          (t) =>
            `<div class="thread"><span class="tag">${escapeHtml(t.kind)}</span> ${escapeHtml(t.at)} ${escapeHtml(t.author)}: ${escapeHtml(t.body)}${
              t.evidenceIds.length
                ? ` <span class="meta">(evidence ${t.evidenceIds.map(escapeHtml).join(', ')})</span>`
                : ''
            }</div>`,
        )
        .join('');
      return `<tr data-row><td>${escapeHtml(r.reference)}</td><td>${escapeHtml(r.text)}${thread}</td><td>${escapeHtml(r.status)}</td>
<td>${escapeHtml(r.dueOn ?? '')}</td><td>${escapeHtml(r.controlCodes.join(', '))}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src 'self'">
<title>Evidence package — ${escapeHtml(manifest.organization.name)}</title><style>${STYLE}</style></head>
<body><h1>Evidence package — ${escapeHtml(manifest.organization.name)}</h1>
<p class="meta">Engagement ${escapeHtml(e.id)} (${escapeHtml(e.type)}${e.firmName ? `, ${escapeHtml(e.firmName)}` : ''}), audit period ${escapeHtml(e.auditPeriod.start)} – ${escapeHtml(e.auditPeriod.end)}${
    manifest.scope.control ? `, control ${escapeHtml(manifest.scope.control)}` : ''
  }${manifest.scope.request ? `, request ${escapeHtml(manifest.scope.request)}` : ''}.<br>
Generated ${escapeHtml(manifest.generatedAt)}; activity log ${escapeHtml(manifest.chainHead.chain)} at entry ${manifest.chainHead.seq} (<code>${manifest.chainHead.hash}</code>), signed in <a href="${PACKAGE_FILES.checkpoint}">${PACKAGE_FILES.checkpoint}</a>.
How to verify: <a href="${PACKAGE_FILES.readme}">${PACKAGE_FILES.readme}</a>.</p>
<input id="q" type="search" placeholder="Filter by control, requirement, request, name…" aria-label="Filter">
<h2>Files (${manifest.files.length})</h2>
<table><thead><tr><th>Control</th><th>Requirement</th><th>Request</th><th>File</th><th>Effective</th><th>Source</th><th>Collected by</th><th>Review</th><th>Size</th><th>SHA-256</th></tr></thead>
<tbody>
${fileRows}
</tbody></table>
${manifest.links.length ? `<h2>Links (${manifest.links.length})</h2><table><thead><tr><th>Control</th><th>Requirement</th><th>URL</th><th>Effective</th><th>Collected by</th></tr></thead><tbody>\n${linkRows}\n</tbody></table>` : ''}
<h2>Requests (${requests.length})</h2>
${requests.length ? `<table><thead><tr><th>Reference</th><th>Request and thread</th><th>Status</th><th>Due</th><th>Controls</th></tr></thead><tbody>\n${requestRows}\n</tbody></table>` : '<p class="meta">No request in this package.</p>'}
<script>${SCRIPT}</script>
</body></html>
`;
}

/** `README.txt`: what the package holds and how to verify it with standard tools. */
export function renderReadme(manifest: PackageManifest): string {
  const f = PACKAGE_FILES;
  return `Evidence package of ${manifest.organization.name}, engagement ${manifest.engagement.id}
Generated ${manifest.generatedAt} by auditready (format ${manifest.format}).

Contents
  controls/<CONTROL>/<REQUIREMENT>/<evidence-id>-<name>   evidence files by control and requirement
  requests/<REFERENCE>/<evidence-id>-<name>               files attached by answers to a request
  ${f.manifest}      every file: path, SHA-256, size, evidence id, requirement, effective period,
                     source type, collected by, reviewed by; the engagement, the activity log's head
  ${f.requests}      the requests with their threads
  ${f.checkpoint}    a C2SP signed checkpoint of the activity log, made when the package was built
  ${f.sums}          SHA-256 of every file above (and of this README and index.html)
  ${f.signature}     Ed25519 signature of ${f.sums}
  ${f.publicKey}     the public key that signed it (key ${manifest.verifierKey})
  ${f.index}         open in a browser to look through the package offline

Verify with standard tools, in the folder the package was extracted to:

  1. Every file is the one that was packaged:
       sha256sum -c ${f.sums}
  2. ${f.sums} is the one auditready signed:
       openssl pkeyutl -verify -pubin -inkey ${f.publicKey} -rawin -in ${f.sums} -sigfile ${f.signature}
  3. The key is the installation's: compare the key above with the checkpoint signing key the
     organization gave you separately (auditready prints it at init; \`auditready checkpoint export\`).

Or, with auditready (no database needed): auditready verify PACKAGE.zip
It checks all of the above, the manifest against the files, and the checkpoint's signature,
and names every file that fails.
`;
}
