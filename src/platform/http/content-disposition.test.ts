import { describe, expect, it } from 'vitest';
import { attachmentDisposition, fileDelivery } from './content-disposition.js';

describe('fileDelivery', () => {
  it('opens PDF, images, text, CSV and JSON inline with their own type', () => {
    expect(fileDelivery('application/pdf', 'policy.pdf')).toEqual({
      contentType: 'application/pdf',
      contentDisposition: `inline; filename="policy.pdf"; filename*=UTF-8''policy.pdf`,
      inline: true,
    });
    expect(fileDelivery('image/PNG', 'a.png').contentType).toBe('image/png');
    expect(fileDelivery('text/csv; charset=latin1', 'a.csv').contentType).toBe('text/csv; charset=utf-8');
    expect(fileDelivery('application/json', 'record.json').inline).toBe(true);
  });

  it('never renders HTML, SVG or unknown types: an octet-stream attachment', () => {
    for (const [type, name] of [
      ['text/html', 'page.html'],
      ['image/svg+xml', 'logo.svg'],
      ['application/xhtml+xml', 'a.xhtml'],
      ['text/html', 'disguised.pdf'],
      ['application/zip', 'logs.zip'],
      ['application/octet-stream', 'page.html'],
      ['application/octet-stream', 'logo.svg'],
    ] as const) {
      const delivery = fileDelivery(type, name);
      expect(delivery, `${type} ${name}`).toEqual({
        contentType: 'application/octet-stream',
        contentDisposition: attachmentDisposition(name),
        inline: false,
      });
    }
  });

  it('falls back to the extension only when the declared type says nothing', () => {
    expect(fileDelivery('application/octet-stream', 'scan.PDF').contentType).toBe('application/pdf');
    expect(fileDelivery(null, 'notes.txt').contentType).toBe('text/plain; charset=utf-8');
    expect(fileDelivery(null, 'no-extension').inline).toBe(false);
  });

  it('keeps a non-ASCII name readable in filename* and safe in the fallback', () => {
    expect(fileDelivery('application/pdf', 'Prüfung "Q4".pdf').contentDisposition).toBe(
      `inline; filename="Pr_fung _Q4_.pdf"; filename*=UTF-8''${encodeURIComponent('Prüfung "Q4".pdf')}`,
    );
  });
});
