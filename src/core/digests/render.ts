import type { DigestItem, LeadDigest, OwnerDigest } from './schema.js';

/** A digest ready to send: subject, plain text, HTML, and the Slack-compatible webhook body. */
export interface RenderedDigest {
  subject: string;
  text: string;
  html: string;
  /** Incoming-webhook JSON: `text` (the fallback) and `blocks`. */
  webhook: { text: string; blocks: unknown[] };
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Slack mrkdwn escapes exactly these three. */
const escapeMrkdwn = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface Section {
  heading: string;
  lines: { text: string; link: string | null }[];
}

function itemLine(item: DigestItem): string {
  const due = item.dueOn ? ` (due ${item.dueOn})` : '';
  return `${item.title}${due}${item.detail ? `: ${item.detail}` : ''}`;
}

function render(subject: string, intro: string, sections: Section[], baseUrl: string): RenderedDigest {
  const url = (link: string) => `${baseUrl}${link}`;
  const shown = sections.filter((s) => s.lines.length > 0);
  const text = [
    intro,
    '',
    ...shown.flatMap((s) => [
      `${s.heading}:`,
      ...s.lines.map((l) => `- ${l.text}${l.link ? ` <${url(l.link)}>` : ''}`),
      '',
    ]),
  ].join('\n');
  const html = [
    '<!doctype html><html><body>',
    `<p>${escapeHtml(intro)}</p>`,
    ...shown.map(
      (s) =>
        `<h3>${escapeHtml(s.heading)}</h3><ul>${s.lines
          .map((l) =>
            l.link
              ? `<li><a href="${escapeHtml(url(l.link))}">${escapeHtml(l.text)}</a></li>`
              : `<li>${escapeHtml(l.text)}</li>`,
          )
          .join('')}</ul>`,
    ),
    '</body></html>',
  ].join('\n');
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: subject.slice(0, 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(intro) } },
    ...shown.map((s) => ({
      type: 'section',
      text: {
        type: 'mrkdwn',
        // A section's text is at most 3,000 characters.
        text: `*${escapeMrkdwn(s.heading)}*\n${s.lines
          .map((l) => (l.link ? `• <${url(l.link)}|${escapeMrkdwn(l.text)}>` : `• ${escapeMrkdwn(l.text)}`))
          .join('\n')}`.slice(0, 3000),
      },
    })),
  ];
  return { subject, text, html, webhook: { text: `${subject}\n${intro}`, blocks } };
}

/** An owner's digest as e-mail and webhook content; links are made absolute with the organization's base URL. */
export function renderOwnerDigest(d: OwnerDigest, orgBaseUrl: string): RenderedDigest {
  const total = d.due.length + d.overdue.length + d.rejected.length + d.findings.length + d.requests.length;
  const lines = (items: DigestItem[]) => items.map((i) => ({ text: itemLine(i), link: i.link }));
  return render(
    `This week for ${d.personName}: ${total} item${total === 1 ? '' : 's'}`,
    `Week of ${d.week}: ${d.overdue.length} overdue, ${d.due.length} due this week.`,
    [
      { heading: 'Overdue', lines: lines(d.overdue) },
      { heading: 'Due this week', lines: lines(d.due) },
      { heading: 'Rejected evidence', lines: lines(d.rejected) },
      { heading: 'Findings assigned to you', lines: lines(d.findings) },
      { heading: 'Requests addressed to you', lines: lines(d.requests) },
    ],
    orgBaseUrl,
  );
}

const signed = (n: number) => (n > 0 ? `+${n}` : `${n}`);

/** The lead's summary as e-mail and webhook content. */
export function renderLeadDigest(d: LeadDigest, orgBaseUrl: string): RenderedDigest {
  const c = d.change.controls;
  const since = d.change.previousWeek ? `since ${d.change.previousWeek}` : 'first snapshot';
  const statusLine = (['gap', 'at-risk', 'ready', 'excepted', 'not-applicable'] as const)
    .map((s) => `${s} ${c[s]!.now}${c[s]!.before === null ? '' : ` (${signed(c[s]!.change)})`}`)
    .join(', ');
  const changedCategories = d.change.categories.filter(
    (x) => x.gapsBefore === null || x.gapsBefore !== x.gapsNow || x.readyBefore !== x.readyNow,
  );
  return render(
    `Readiness this week: ${c.gap!.now} gaps (${since})`,
    `Week of ${d.week}. Controls: ${statusLine}.`,
    [
      {
        heading: 'By category',
        lines: changedCategories.map((x) => ({
          text: `${x.code} ${x.title}: gaps ${x.gapsNow}${x.gapsBefore === null ? '' : ` (was ${x.gapsBefore})`}, ready ${x.readyNow}${x.readyBefore === null ? '' : ` (was ${x.readyBefore})`}`,
          link: null,
        })),
      },
      {
        heading: 'New gaps',
        lines: d.newGaps.map((g) => ({
          text: `${g.controlCode} ${g.title}${g.ownerName ? ` (${g.ownerName})` : ''}${g.reason ? `: ${g.reason}` : ''}`,
          link: g.link,
        })),
      },
      {
        heading: 'Milestones within 30 days',
        lines: d.milestones.map((m) => ({ text: `${m.title}: ${m.dueOn}`, link: m.link })),
      },
      {
        heading: 'Failed collections',
        lines: d.failedCollections.map((f) => ({ text: `${f.source}: ${f.error}`, link: '/settings/jobs' })),
      },
    ],
    orgBaseUrl,
  );
}
