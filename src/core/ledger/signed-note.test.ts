import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodeSignerKey,
  encodeVerifierKey,
  formatCheckpoint,
  keyIdOf,
  NoteError,
  openNote,
  parseCheckpoint,
  parseSignerKey,
  parseVerifierKey,
  signerFromSeed,
  signNote,
  verifierOf,
} from './signed-note.js';

// The reference example of golang.org/x/mod/sumdb/note (note_test.go), also used by the C2SP signed-note spec.
const VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const TEXT =
  "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const NOTE = `${TEXT}\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

describe('C2SP signed notes (Ed25519)', () => {
  it('derives the reference key id, verifier key and signature byte for byte', () => {
    const signer = parseSignerKey(SKEY);
    expect(signer.keyId).toBe(0xc74f20a3);
    expect(keyIdOf(signer.name, signer.publicKey)).toBe(0xc74f20a3);
    expect(encodeVerifierKey(verifierOf(signer))).toBe(VKEY);
    expect(encodeSignerKey(signer)).toBe(SKEY);
    expect(signNote(TEXT, signer)).toBe(NOTE);
  });

  it('opens the reference note with the reference verifier key', () => {
    expect(openNote(NOTE, parseVerifierKey(VKEY)).text).toBe(TEXT);
  });

  it('refuses an edited note, a foreign key and mangled keys (tamper)', () => {
    const verifier = parseVerifierKey(VKEY);
    expect(() => openNote(NOTE.replace('cryptography', 'cryptographY'), verifier)).toThrow(/does not verify/);
    const other = verifierOf(signerFromSeed('PeterNeumann', randomBytes(32)));
    expect(() => openNote(NOTE, other)).toThrow(/no signature of/);
    expect(() => parseVerifierKey(VKEY.replace('c74f20a3', 'c74f20a4'))).toThrow(NoteError);
    expect(() => parseVerifierKey(VKEY.slice(0, -2))).toThrow(NoteError);
    expect(() =>
      parseVerifierKey('Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'),
    ).toThrow(NoteError);
  });

  it('round-trips keys and notes for any name and text (property)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9./-]{1,30}$/),
        fc.string({ maxLength: 200 }).map((s) => `${s.replaceAll('\n\n', '\n')}\n`),
        (name, text) => {
          fc.pre(!text.includes('\n\n') && !text.startsWith('\n'));
          const signer = signerFromSeed(name, randomBytes(32));
          expect(parseSignerKey(encodeSignerKey(signer))).toEqual(signer);
          const verifier = parseVerifierKey(encodeVerifierKey(verifierOf(signer)));
          expect(openNote(signNote(text, signer), verifier).text).toBe(text);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('C2SP tlog-checkpoint', () => {
  const body = {
    origin: 'auditready-1a2b3c4d/installation',
    size: 42,
    rootHash: Buffer.alloc(32, 7),
    extensions: ['head 00ff', 'time 2026-12-07T01:00:00.000Z'],
  };

  it('formats origin, size, base64 root and extension lines, and parses them back', () => {
    const text = formatCheckpoint(body);
    expect(text).toBe(
      `auditready-1a2b3c4d/installation\n42\n${Buffer.alloc(32, 7).toString('base64')}\nhead 00ff\ntime 2026-12-07T01:00:00.000Z\n`,
    );
    expect(parseCheckpoint(text)).toEqual(body);
  });

  it('refuses malformed sizes and roots, and a signed checkpoint whose size was changed (tamper)', () => {
    const text = formatCheckpoint(body);
    expect(() => parseCheckpoint(text.replace('\n42\n', '\n042\n'))).toThrow(/tree size/);
    expect(() => parseCheckpoint(text.replace('\n42\n', '\n-1\n'))).toThrow(/tree size/);
    expect(() => parseCheckpoint(`a\n1\n${Buffer.alloc(31).toString('base64')}\n`)).toThrow(/root hash/);
    const signer = signerFromSeed('auditready-test', randomBytes(32));
    const note = signNote(text, signer);
    expect(() => openNote(note.replace('\n42\n', '\n41\n'), verifierOf(signer))).toThrow(/does not verify/);
  });
});
