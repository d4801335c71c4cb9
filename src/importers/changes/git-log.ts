/**
 * A plain `git log --first-parent --format='%H%x09%an%x09%ae%x09%aI%x09%s'`
 * (repositories without pull requests): the commits as listed (newest
 * first). A bad line throws an ImportError naming its line and column.
 */
import type { Readable } from 'node:stream';
import type { CommitFact } from '../../core/changes/types.js';
import { ImportError } from '../../platform/errors.js';
import { parseTimestamp } from '../nhi/dates.js';

/** The commits of a git log TSV (streamed or given whole), in the file's order. */
export async function readGitLog(input: Readable | string, file: string): Promise<CommitFact[]> {
  const list: CommitFact[] = [];
  let rest = '';
  let line = 0;
  const decoder = new TextDecoder('utf-8');
  const take = (text: string) => {
    line++;
    const clean = text.replace(/\r$/, '');
    if (clean.trim() === '') return;
    const fields = clean.split('\t');
    if (fields.length < 5) {
      throw new ImportError(
        { file, line, column: fields.length + 1 },
        `expected 5 tab-separated fields (%H %an %ae %aI %s), found ${fields.length}`,
      );
    }
    const [sha, author, email, when] = fields as [string, string, string, string];
    if (!/^[0-9a-f]{40,64}$/i.test(sha))
      throw new ImportError(
        { file, line, column: 1 },
        `expected a full commit sha, found "${sha.slice(0, 80)}"`,
      );
    if (author.trim() === '')
      throw new ImportError({ file, line, column: 2 }, 'expected the author name, found nothing');
    const committedAt = parseTimestamp(when);
    if (committedAt === undefined)
      throw new ImportError(
        { file, line, column: 4 },
        `expected an ISO 8601 date (%aI), found "${when.slice(0, 80)}"`,
      );
    list.push({
      sha: sha.toLowerCase(),
      author,
      email: email || null,
      committedAt,
      message: fields.slice(4).join('\t'),
      parents: null,
    });
  };
  for await (const chunk of (typeof input === 'string' ? [input] : input) as AsyncIterable<Buffer | string>) {
    rest += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let nl = rest.indexOf('\n');
    while (nl !== -1) {
      take(rest.slice(0, nl));
      rest = rest.slice(nl + 1);
      nl = rest.indexOf('\n');
    }
  }
  rest += decoder.decode();
  if (rest !== '') take(rest);
  if (list.length === 0) throw new ImportError({ file }, 'the file is empty: expected git log lines');
  return list;
}
