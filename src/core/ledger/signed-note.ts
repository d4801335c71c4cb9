import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

/**
 * C2SP signed notes (https://c2sp.org/signed-note) with Ed25519 keys, and the
 * C2SP `tlog-checkpoint` body they carry: the formats Go's checksum database,
 * Sigstore's Rekor v2 and other transparency logs use, so a checkpoint
 * auditready signs checks with their tools (`golang.org/x/mod/sumdb/note`).
 *
 * Key encodings are the Go note package's: a verifier key is
 * `name+hexkeyid+base64(0x01 || public key)`, a signer key
 * `PRIVATE+KEY+name+hexkeyid+base64(0x01 || seed)`; the key id is the first
 * four bytes of `SHA-256(name || 0x0A || 0x01 || public key)`.
 */

/** The algorithm byte of Ed25519 keys in signed notes. */
const ALG_ED25519 = 0x01;
/** The signature line's lead: an em dash and a space. */
const SIG_PREFIX = '\u2014 ';
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A key that checks signatures: its name, id and Ed25519 public key. */
export interface NoteVerifier {
  name: string;
  /** The 4-byte key id as an unsigned number. */
  keyId: number;
  publicKey: Buffer;
}

/** A key that signs: the verifier's fields plus the 32-byte Ed25519 seed. */
export interface NoteSigner extends NoteVerifier {
  seed: Buffer;
}

/** Thrown for malformed keys, notes and checkpoints, and for signatures that do not verify. */
export class NoteError extends Error {}

/** True for a key name the format allows: non-empty, no white space, no `+`. */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name);
}

/** The key id of an Ed25519 key: the first 4 bytes of SHA-256(name || "\n" || 0x01 || public key). */
export function keyIdOf(name: string, publicKey: Uint8Array): number {
  const digest = createHash('sha256')
    .update(Buffer.from(`${name}\n`, 'utf8'))
    .update(Buffer.of(ALG_ED25519))
    .update(publicKey)
    .digest();
  return digest.readUInt32BE(0);
}

function hex8(id: number): string {
  return id.toString(16).padStart(8, '0');
}

function publicKeyOfSeed(seed: Buffer): Buffer {
  const key = createPublicKey(privateKeyObject(seed));
  return key.export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519.length);
}

function privateKeyObject(seed: Buffer): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });
}

function publicKeyObject(publicKey: Buffer): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519, publicKey]), format: 'der', type: 'spki' });
}

/** A signer from a name and a 32-byte seed. */
export function signerFromSeed(name: string, seed: Buffer): NoteSigner {
  if (!isValidKeyName(name)) throw new NoteError(`invalid key name ${JSON.stringify(name)}`);
  if (seed.length !== 32) throw new NoteError('an Ed25519 seed is 32 bytes');
  const publicKey = publicKeyOfSeed(seed);
  return { name, keyId: keyIdOf(name, publicKey), publicKey, seed };
}

/** `name+hexkeyid+base64(0x01 || public key)`. */
export function encodeVerifierKey(v: NoteVerifier): string {
  return `${v.name}+${hex8(v.keyId)}+${Buffer.concat([Buffer.of(ALG_ED25519), v.publicKey]).toString('base64')}`;
}

/** `PRIVATE+KEY+name+hexkeyid+base64(0x01 || seed)`: the signer key as Go's note package writes it. */
export function encodeSignerKey(s: NoteSigner): string {
  return `PRIVATE+KEY+${s.name}+${hex8(s.keyId)}+${Buffer.concat([Buffer.of(ALG_ED25519), s.seed]).toString('base64')}`;
}

function splitKey(text: string, what: string): { name: string; id: number; key: Buffer } {
  // The base64 part may itself contain '+': split off name and id only.
  const first = text.indexOf('+');
  const second = first < 0 ? -1 : text.indexOf('+', first + 1);
  if (first <= 0 || second < 0) throw new NoteError(`malformed ${what}`);
  const name = text.slice(0, first);
  const idHex = text.slice(first + 1, second);
  const data = text.slice(second + 1);
  if (!isValidKeyName(name) || !/^[0-9a-f]{8}$/.test(idHex) || !BASE64.test(data) || data.length === 0) {
    throw new NoteError(`malformed ${what}`);
  }
  const key = Buffer.from(data, 'base64');
  if (key.toString('base64') !== data) throw new NoteError(`malformed ${what}`);
  if (key.length !== 33 || key[0] !== ALG_ED25519) throw new NoteError(`${what}: not an Ed25519 key`);
  return { name, id: Number.parseInt(idHex, 16), key: key.subarray(1) };
}

/** Parses a verifier key and checks its key id against its name and public key. */
export function parseVerifierKey(text: string): NoteVerifier {
  const { name, id, key } = splitKey(text.trim(), 'verifier key');
  if (keyIdOf(name, key) !== id) throw new NoteError('verifier key: the key id does not match the key');
  return { name, keyId: id, publicKey: key };
}

/** Parses a signer key (`PRIVATE+KEY+…`) and checks its key id. */
export function parseSignerKey(text: string): NoteSigner {
  const trimmed = text.trim();
  if (!trimmed.startsWith('PRIVATE+KEY+')) throw new NoteError('malformed signer key');
  const { name, id, key } = splitKey(trimmed.slice('PRIVATE+KEY+'.length), 'signer key');
  const signer = signerFromSeed(name, key);
  if (signer.keyId !== id) throw new NoteError('signer key: the key id does not match the key');
  return signer;
}

/** The verifier half of a signer. */
export function verifierOf(s: NoteSigner): NoteVerifier {
  return { name: s.name, keyId: s.keyId, publicKey: s.publicKey };
}

/** Signs a note's text (which must end in a newline) and returns the whole signed note. */
export function signNote(text: string, signer: NoteSigner): string {
  if (!text.endsWith('\n')) throw new NoteError('a note text ends with a newline');
  const signature = sign(null, Buffer.from(text, 'utf8'), privateKeyObject(signer.seed));
  const id = Buffer.alloc(4);
  id.writeUInt32BE(signer.keyId);
  return `${text}\n${SIG_PREFIX}${signer.name} ${Buffer.concat([id, signature]).toString('base64')}\n`;
}

/** A signed note opened with a verifier: its text, and whether a signature of that key verified. */
export interface OpenedNote {
  text: string;
  /** Names and key ids of the signature lines no given verifier knows (ignored, as the spec says). */
  unknown: { name: string; keyId: number }[];
}

/**
 * Splits a signed note, and checks the signature of `verifier` on it.
 * Throws NoteError when the note is malformed, when the key has no
 * signature on it, or when its signature does not verify.
 */
export function openNote(note: string, verifier: NoteVerifier): OpenedNote {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new NoteError('malformed note: no signature block');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  const unknown: OpenedNote['unknown'] = [];
  let verified = false;
  for (const line of lines) {
    if (!line.startsWith(SIG_PREFIX))
      throw new NoteError('malformed note: a signature line must start with "— "');
    const [name, b64, ...rest] = line.slice(SIG_PREFIX.length).split(' ');
    if (!name || !b64 || rest.length > 0 || !isValidKeyName(name) || !BASE64.test(b64)) {
      throw new NoteError('malformed note: bad signature line');
    }
    const sig = Buffer.from(b64, 'base64');
    if (sig.length < 5) throw new NoteError('malformed note: signature too short');
    const keyId = sig.readUInt32BE(0);
    if (name !== verifier.name || keyId !== verifier.keyId) {
      unknown.push({ name, keyId });
      continue;
    }
    const ok =
      sig.length === 68 &&
      verify(null, Buffer.from(text, 'utf8'), publicKeyObject(verifier.publicKey), sig.subarray(4));
    if (!ok) throw new NoteError(`the signature of ${name} does not verify: the note was changed`);
    verified = true;
  }
  if (!verified)
    throw new NoteError(`the note carries no signature of ${verifier.name}+${hex8(verifier.keyId)}`);
  return { text, unknown };
}

/** The body of a C2SP tlog-checkpoint: origin, tree size, root hash, then extension lines. */
export interface Checkpoint {
  origin: string;
  size: number;
  rootHash: Buffer;
  /** Extension lines after the root hash (auditready writes `head <hex>` and `time <ISO-8601>`). */
  extensions: string[];
}

/** The checkpoint body as text, ready to sign. */
export function formatCheckpoint(c: Checkpoint): string {
  if (!c.origin || /[\n]/.test(c.origin)) throw new NoteError('invalid checkpoint origin');
  if (!Number.isSafeInteger(c.size) || c.size < 0) throw new NoteError('invalid checkpoint size');
  if (c.rootHash.length !== 32) throw new NoteError('a root hash is 32 bytes');
  for (const e of c.extensions)
    if (e === '' || e.includes('\n')) throw new NoteError('invalid extension line');
  return [c.origin, String(c.size), c.rootHash.toString('base64'), ...c.extensions]
    .map((l) => `${l}\n`)
    .join('');
}

/** Parses a checkpoint body (a signed note's text). */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw new NoteError('malformed checkpoint: no final newline');
  const lines = text.slice(0, -1).split('\n');
  const [origin, size, root, ...extensions] = lines;
  if (!origin || size === undefined || root === undefined)
    throw new NoteError('malformed checkpoint: too few lines');
  if (!/^(0|[1-9][0-9]*)$/.test(size) || !Number.isSafeInteger(Number(size))) {
    throw new NoteError('malformed checkpoint: the tree size is not a decimal number');
  }
  const rootHash = Buffer.from(root, 'base64');
  if (rootHash.length !== 32 || rootHash.toString('base64') !== root) {
    throw new NoteError('malformed checkpoint: the root hash is not 32 bytes of base64');
  }
  if (extensions.some((e) => e === '')) throw new NoteError('malformed checkpoint: empty extension line');
  return { origin, size: Number(size), rootHash, extensions };
}

/**
 * A detached Ed25519 signature of bytes with the signer's key (the evidence
 * package's `SHA256SUMS.sig`): 64 raw bytes, which
 * `openssl pkeyutl -verify -rawin` checks against the PEM public key.
 */
export function signDetached(data: Uint8Array, signer: NoteSigner): Buffer {
  return sign(null, data, privateKeyObject(signer.seed));
}

/** Whether a detached Ed25519 signature of `data` verifies with the public key. */
export function verifyDetached(data: Uint8Array, signature: Uint8Array, publicKey: Buffer): boolean {
  return signature.length === 64 && verify(null, data, publicKeyObject(publicKey), signature);
}

/** The public key as a PEM `PUBLIC KEY` (SubjectPublicKeyInfo) block, as openssl reads it. */
export function publicKeyPem(publicKey: Buffer): string {
  return publicKeyObject(publicKey).export({ format: 'pem', type: 'spki' }).toString();
}

/** The raw 32-byte Ed25519 public key of a PEM `PUBLIC KEY` block; throws NoteError otherwise. */
export function publicKeyOfPem(pem: string): Buffer {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch {
    throw new NoteError('not a PEM public key');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new NoteError('not an Ed25519 public key');
  return key.export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519.length);
}
